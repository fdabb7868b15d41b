package org.preflab.app.gui.shell;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.preflab.app.gui.Workbench;

/**
 * The one place that knows which class builds which view (each view and its view-model live in their own package).
 * Kept apart from {@link MainWindow} so that adding a view touches one line here.
 */
final class Views {
    private Views() {}

    static Node startPage(Workbench wb) {
        return pending("start page");
    }

    static Node explorer(Workbench wb, Path project) {
        return pending("explorer");
    }

    static Node dataset(Workbench wb, Path file) {
        return pending("dataset");
    }

    static Node checkpoint(Workbench wb, Path modelDir) {
        return pending("checkpoint");
    }

    static Node runSetup(Workbench wb, Path experimentFile) {
        return pending("run setup");
    }

    /** Starts the run and opens its dashboard once the run has made its folder. */
    static void startRun(Workbench wb, MainWindow window, Path experimentFile) {
        org.preflab.app.gui.dashboard.DashboardLauncher.startRun(wb, window, experimentFile);
    }

    static Node dashboard(Workbench wb, Path runDir) {
        return org.preflab.app.gui.dashboard.DashboardLauncher.dashboard(wb, runDir);
    }

    static Node compare(Workbench wb, List<Path> runDirs) {
        return org.preflab.app.gui.compare.CompareView.open(runDirs);
    }

    static Node samples(Workbench wb, Path runDir) {
        return org.preflab.app.gui.samples.SamplesView.open(wb, runDir);
    }

    static Node drillDown(Workbench wb, Path runDir, int step) {
        return org.preflab.app.gui.pairs.PairsView.open(runDir, step);
    }

    static Node teaching(Workbench wb, Path runDir) {
        return org.preflab.app.gui.teaching.TeachingView.open(wb, runDir);
    }

    // TODO(workbench): removed once every view above is built
    private static Node pending(String what) {
        return new Label(what);
    }
}
