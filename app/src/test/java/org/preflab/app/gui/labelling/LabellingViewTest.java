package org.preflab.app.gui.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.project.Pictures;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.spi.Comparison;
import org.testfx.api.FxRobot;

/** A person labels with the keys alone: opened from the run's dashboard, answers land in answers.jsonl. */
class LabellingViewTest {
    @TempDir Path tmp;

    @Test
    void labelsWithKeyPressesFromTheDashboardsButton() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("runs").resolve("apl-human"));
        LabellingViewModelTest.askThree(run);
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        Workbench wb = GuiTestSupport.onFx(w::workbench);
        FxRobot robot = new FxRobot();
        try {
            GuiTestSupport.onFx(() -> {
                w.openRun(run);
                return null;
            });
            GuiTestSupport.waitFor(10, "the dashboard's Label pairs button", () -> lookup(w, "#open-labelling") != null);
            robot.clickOn("#open-labelling");
            GuiTestSupport.waitFor(10, "the first question, with the keyboard focus", () ->
                    text(w, "#labelling-prompt").equals("Once upon a time, Lily")
                            && lookup(w, "#labelling-view").isFocused());
            assertEquals("0 answered, 3 waiting, round 2", text(w, "#labelling-progress"));

            robot.type(KeyCode.A);
            GuiTestSupport.waitFor(10, "the second question", () -> text(w, "#labelling-prompt").startsWith("Tom"));
            robot.type(KeyCode.B);
            GuiTestSupport.waitFor(10, "the third", () -> text(w, "#labelling-prompt").startsWith("Sue"));
            robot.type(KeyCode.T);
            GuiTestSupport.waitFor(10, "nothing waiting", () -> lookup(w, "#labelling-nothing").isVisible());
            try (HumanQueue run2 = HumanQueue.open(run)) { // the run asks again while the view is open
                run2.ask(new Comparison("r2-a0-0", "Max saw a bird.", " He helped it.", " He ran away."));
            }
            GuiTestSupport.waitFor(10, "the new question", () -> text(w, "#labelling-prompt").startsWith("Max"));
            assertEquals("3 answered, 1 waiting, round 3", text(w, "#labelling-progress"));
            GuiTestSupport.snapshot(w.stage().getScene().getRoot(), Pictures.file("labelling.png"));
            robot.type(KeyCode.S);
            GuiTestSupport.waitFor(10, "four answers", () -> text(w, "#labelling-progress").startsWith("4 answered"));
        } finally {
            GuiTestSupport.close(w, wb);
        }
        List<String> answers = Files.readAllLines(run.resolve("human").resolve("answers.jsonl"));
        assertEquals(4, answers.size());
        List<String> verdicts = List.of("A", "B", "TIE", "SKIP");
        for (int i = 0; i < 4; i++) {
            assertTrue(answers.get(i).contains("\"verdict\":\"" + verdicts.get(i) + "\""), answers.get(i));
            assertTrue(answers.get(i).contains("\"who\":\"workbench:"), answers.get(i));
        }
    }

    private static Node lookup(MainWindow w, String id) {
        return w.stage().getScene().lookup(id);
    }

    private static String text(MainWindow w, String id) {
        return lookup(w, id) instanceof Label l && l.getText() != null ? l.getText() : "";
    }
}
