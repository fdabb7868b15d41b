package org.preflab.app.gui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunState;

/**
 * The dashboard's main flows in a real window (headless) on a real short run of the sample project: start it and
 * see points arrive, pause and resume, fork through the dialog (the fork folder has the changed config), and the
 * finished run's picture at 1600x1000.
 */
class DashboardFlowTest {
    @TempDir Path tmp;
    private Workbench wb;
    private MainWindow window;

    @BeforeEach
    void openWindow() throws Exception {
        window = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        wb = window.workbench();
    }

    @AfterEach
    void closeWindow() throws Exception {
        GuiTestSupport.close(window, wb);
    }

    private DashboardView dashboard() throws Exception {
        return GuiTestSupport.onFx(() -> {
            for (Tab t : window.tabs().getTabs()) {
                if (t.getContent() instanceof DashboardView d) {
                    return d;
                }
            }
            return null;
        });
    }

    private static int points(DashboardView d) {
        return d.charts().containsKey("loss") ? d.charts().get("loss").series("loss").orElseThrow().size() : 0;
    }

    /** The loss chart's point count once it has not changed for {@code quietMs}. */
    private static int stablePoints(DashboardView d, long quietMs) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        int last = GuiTestSupport.onFx(() -> points(d));
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            int now = GuiTestSupport.onFx(() -> points(d));
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quietMs * 1_000_000) {
                return now;
            }
        }
        throw new AssertionError("points kept arriving while paused");
    }

    private static void fire(DashboardView d, String id) throws Exception {
        GuiTestSupport.onFx(() -> {
            ((Button) d.lookup("#" + id)).fire();
            return null;
        });
    }

    @Test
    void startPauseResumeForkAndRender() throws Exception {
        Path exp = DashboardFixtures.sampleCopy(tmp.resolve("project"), 14, 4, 4);
        GuiTestSupport.onFx(() -> {
            window.startRun(exp);
            return null;
        });
        GuiTestSupport.waitFor(120, "the dashboard tab", () -> window.tabs().getTabs().stream()
                .anyMatch(t -> t.getContent() instanceof DashboardView));
        DashboardView d = dashboard();
        DashboardViewModel vm = d.viewModel();
        GuiTestSupport.waitFor(120, "points on the loss chart", () -> points(d) >= 2);
        assertTrue(GuiTestSupport.onFx(() -> d.charts().size()) >= 10, "a chart per metric");

        // pause: the run waits at the next step, no new points arrive; resume: they do again
        fire(d, "pause");
        GuiTestSupport.waitFor(30, "paused", () -> vm.stateProperty().get() == RunState.PAUSED);
        int atPause = stablePoints(d, 3_000); // the step in flight when pause was pressed lands; then nothing
        Thread.sleep(3_000);
        assertEquals(atPause, (int) GuiTestSupport.onFx(() -> points(d)), "no steps while paused");
        assertTrue(GuiTestSupport.onFx(() -> ((Button) d.lookup("#pause")).isDisabled()));
        assertFalse(GuiTestSupport.onFx(() -> ((Button) d.lookup("#resume")).isDisabled()));
        fire(d, "resume");
        GuiTestSupport.waitFor(60, "points after resume", () -> points(d) > atPause);

        // fork through the dialog: lower learning rate, and the diff shows it before confirming
        GuiTestSupport.waitFor(60, "a fork allowed", () -> vm.canForkProperty().get());
        Platform.runLater(() -> ((Button) d.lookup("#fork")).fire()); // showAndWait: do not wait on it
        GuiTestSupport.waitFor(10, "the fork dialog", () -> forkDialog() != null);
        DialogPane pane = GuiTestSupport.onFx(this::forkDialog);
        GuiTestSupport.onFx(() -> {
            ((TextField) pane.lookup("#fork-train-learning_rate")).setText("5e-5");
            return null;
        });
        String diff = GuiTestSupport.onFx(() -> ((javafx.scene.control.ListView<?>) pane.lookup("#fork-changes"))
                .getItems().toString());
        assertEquals("[train.learning_rate: 1.0E-4 → 5.0E-5]", diff);
        GuiTestSupport.onFx(() -> {
            ((Button) pane.lookupButton(ForkDialog.FORK)).fire();
            return null;
        });
        GuiTestSupport.waitFor(120, "the fork folder", () -> vm.lastForkProperty().get() != null);
        Path fork = vm.lastForkProperty().get();
        assertTrue(Files.isDirectory(fork.resolve("checkpoints")), fork.toString());
        assertEquals(5e-5, RunConfig.load(fork.resolve("config.json")).train().learningRate());
        assertTrue(GuiTestSupport.onFx(() -> d.lookup("#fork-note").isVisible()));

        GuiTestSupport.waitFor(300, "the run to finish", () -> vm.stateProperty().get() == RunState.FINISHED);
        GuiTestSupport.waitFor(10, "all points", () -> points(d) == 14);
        assertTrue(GuiTestSupport.onFx(() -> d.charts().get("loss").series("eval_loss").orElseThrow().size()) >= 3);
        assertTrue(GuiTestSupport.onFx(() -> d.charts().get("loss").markers().size()) >= 3, "checkpoint markers");

        // export writes CSV and PNG per chart
        int exported = GuiTestSupport.onFx(() -> d.exportTo(tmp.resolve("export")));
        assertTrue(exported >= 10);
        assertTrue(Files.readAllLines(tmp.resolve("export/loss.csv")).size() > 14);

        GuiTestSupport.settle();
        Thread.sleep(500);
        GuiTestSupport.settle();
        Path png = GuiTestSupport.snapshot(window.stage().getScene().getRoot(), Path.of("target/dashboard.png"));
        assertTrue(Files.size(png) > 20_000);
        if (Boolean.getBoolean("preflab.renderDocs")) { // the README's picture: -Dpreflab.renderDocs=true
            Files.copy(png, Path.of(System.getProperty("preflab.docs"), "dashboard.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private DialogPane forkDialog() {
        List<Window> open = Window.getWindows();
        for (Window w : open) {
            if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane p && w.isShowing()) {
                return p;
            }
        }
        return null;
    }

    @Test
    void aRunThatFailsBeforeItsFolderIsReportedNotFrozen() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Path exp = Files.writeString(dir.resolve("experiment.json"), "{\"name\": \"bad\", \"method\": \"dpo\"}");
        GuiTestSupport.onFx(() -> {
            window.startRun(exp);
            return null;
        });
        GuiTestSupport.waitFor(60, "the failure in the status line", () -> ((javafx.scene.control.Label)
                window.stage().getScene().lookup("#status-line")).getText().contains("failed"));
        String status = GuiTestSupport.onFx(() -> ((javafx.scene.control.Label)
                window.stage().getScene().lookup("#status-line")).getText());
        assertTrue(status.contains("experiment.json"), status);
        assertNotNull(status);
    }
}
