package org.preflab.app.gui.dashboard;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.Node;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.common.FxCoalescer;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunOutcome;

/** Builds dashboards and starts runs for the main window (what {@code shell/Views} calls). */
public final class DashboardLauncher {
    /** Dashboard drains per second: smooth enough to watch, cheap enough to leave training at full speed. */
    static final int DRAINS_PER_SECOND = 10;

    private DashboardLauncher() {}

    /** The dashboard of a run folder: attached to the run when it trains in this window, else following it. */
    public static Node dashboard(Workbench wb, Path runDir) {
        Navigator nav = wb.navigator();
        DashboardViewModel vm = new DashboardViewModel(runDir, RunAccess.of(wb),
                msg -> nav.notify(msg, true), drain -> new FxCoalescer(drain, DRAINS_PER_SECOND)::request);
        DashboardView view = new DashboardView(vm, nav);
        vm.open();
        return view;
    }

    /**
     * Starts a run of an experiment file and opens its dashboard once the run has made its folder; a run that fails
     * before that (a bad config, unreadable data) is reported with its message.
     */
    public static void startRun(Workbench wb, Navigator nav, Path experimentFile) {
        boolean queued = !wb.activeRuns().isEmpty();
        wb.start(experimentFile, new RunListener() {
            private volatile boolean started;

            @Override
            public void onStart(Path runDir, int startStep, int totalSteps) {
                started = true;
                Platform.runLater(() -> nav.openRun(runDir));
            }

            @Override
            public void onFinish(RunOutcome o) {
                if (!started) {
                    Platform.runLater(() -> nav.notify("run of " + experimentFile + " failed: " + o.message(), true));
                }
            }
        });
        nav.notify(queued ? "queued " + experimentFile + " (it starts when the run training now ends)"
                : "starting " + experimentFile, false);
    }
}
