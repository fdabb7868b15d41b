package org.preflab.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.pairs.PairsView;
import org.preflab.app.gui.samples.SamplesView;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.app.gui.teaching.TeachingView;
import org.preflab.app.run.ShortRuns;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The analysis views beside a run training in the same window: the loss curves are computed and a generation runs
 * while the run holds the engine thread (between its steps, and while it is paused), and new evaluations reach the
 * teaching view and the drill-down as they are written.
 */
class AnalyseLiveRunTest {
    @TempDir Path tmp;

    @Test
    void viewsWorkAndFollowWhileARunTrainsInTheWindow() throws Exception {
        Path config = ShortRuns.dpoProject(tmp, "live", 16, c -> {});
        System.setProperty("preflab.recent", tmp.resolve("recent.txt").toString());
        FxToolkit.registerPrimaryStage();
        Workbench wb = new Workbench(new EngineThread());
        MainWindow w = GuiTestSupport.onFx(() -> {
            MainWindow m = new MainWindow(wb, new Stage());
            m.show();
            return m;
        });
        try {
            RunHandle run = wb.start(config);
            GuiTestSupport.waitFor(120, "the run's folder", () -> run.runDir() != null && run.step() >= 1);
            Path dir = run.runDir();

            long opened = System.nanoTime();
            GuiTestSupport.onFx(() -> {
                w.openTeaching(dir);
                return null;
            });
            TeachingView teaching = (TeachingView) GuiTestSupport.onFx(() -> w.tabs().getSelectionModel()
                    .getSelectedItem().getContent());
            GuiTestSupport.waitFor(60, "loss curves while the run trains", () -> teaching.curvePointCount() > 0);
            double curvesAfter = (System.nanoTime() - opened) / 1e9;
            assertFalse(run.state().isFinal(), "curves came between training steps, not after the run ("
                    + curvesAfter + " s)");
            System.out.printf("loss curves %.2f s after opening, at step %d of %d%n", curvesAfter, run.step(),
                    run.totalSteps());

            GuiTestSupport.onFx(() -> {
                w.openDrillDown(dir, -1);
                return null;
            });
            PairsView pairs = (PairsView) GuiTestSupport.onFx(() -> w.tabs().getSelectionModel().getSelectedItem()
                    .getContent());

            // Paused, the run still holds the engine thread: a generation must run anyway.
            run.control().pause();
            GuiTestSupport.waitFor(60, "the pause", () -> run.state() == RunState.PAUSED);
            GuiTestSupport.onFx(() -> {
                w.openSamples(dir);
                return null;
            });
            SamplesView samples = (SamplesView) GuiTestSupport.onFx(() -> w.tabs().getSelectionModel()
                    .getSelectedItem().getContent());
            GuiTestSupport.waitFor(60, "a checkpoint to sample", () -> !samples.lookup("#samples-generate")
                    .isDisabled());
            new FxRobot().clickOn("#samples-generate");
            TextArea answer = (TextArea) GuiTestSupport.onFx(() -> samples.lookup("#samples-policy-answer"));
            GuiTestSupport.waitFor(60, "answers while paused", () -> !answer.getText().isEmpty());
            assertEquals(RunState.PAUSED, run.state());
            run.control().resume();

            // Evaluations come every 2 steps and the view looks for them every 2 s: a fast engine could finish the
            // run between two looks. So the run is paused once it has passed another evaluation, until the view
            // draws that one, then resumed; three distinct evaluation steps drawn prove the view follows the run.
            Set<Integer> seen = new TreeSet<>();
            if (teaching.pairStep() >= 0) {
                seen.add(teaching.pairStep());
            }
            while (seen.size() < 3 && !run.state().isFinal()) {
                int from = run.step();
                GuiTestSupport.waitFor(120, "two more steps", () -> run.step() >= from + 2 || run.state().isFinal());
                run.control().pause();
                int drawn = seen.stream().mapToInt(Integer::intValue).max().orElse(-1);
                GuiTestSupport.waitFor(60, "a newer evaluation on the curves", () -> teaching.pairStep() > drawn);
                seen.add(teaching.pairStep());
                run.control().resume();
            }
            run.outcome().get(240, TimeUnit.SECONDS);
            // looked up now: opened before the first evaluation, the view has no table yet
            GuiTestSupport.waitFor(30, "the last evaluation in both views", () -> {
                TableView<?> table = (TableView<?>) pairs.lookup("#pairs-table"); // waitFor checks on the FX thread
                return teaching.pairStep() == 16 && table != null && table.getItems().size() == 6
                        && pairs.shownStep() == 16;
            });
            assertTrue(seen.size() >= 3, "evaluations seen live: " + seen);
        } finally {
            GuiTestSupport.close(w, wb);
        }
    }
}
