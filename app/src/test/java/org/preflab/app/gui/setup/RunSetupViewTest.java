package org.preflab.app.gui.setup;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.run.RunConfig;
import org.testfx.api.FxRobot;

/** The run setup in a real (headless) window: open the sample project, type a new beta, see the message, save. */
class RunSetupViewTest {
    @TempDir Path tmp;

    @Test
    void changeBetaAndSave() throws Exception {
        Path project = copyOfSample();
        Path file = project.resolve("experiment.json");
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        FxRobot robot = new FxRobot();
        try {
            GuiTestSupport.onFx(() -> {
                w.openProject(project);
                return null;
            });
            GuiTestSupport.settle();
            Node root = w.stage().getScene().getRoot();
            assertFalse(root.lookup("#section-sdpo").isVisible(), "a dpo config has no sdpo section");
            robot.clickOn("#method-sdpo");
            GuiTestSupport.waitFor(5, "the sdpo section", () -> root.lookup("#section-sdpo").isVisible());
            robot.clickOn("#method-apl");
            GuiTestSupport.waitFor(5, "the apl, oracle and win-rate sections", () -> root.lookup("#section-apl")
                    .isVisible() && root.lookup("#section-oracle").isVisible()
                    && root.lookup("#section-winrate").isVisible() && !root.lookup("#section-sdpo").isVisible());
            assertEquals("Oracle (who labels)",
                    ((javafx.scene.control.TitledPane) root.lookup("#section-oracle")).getText());
            robot.clickOn("#method-dpo");
            GuiTestSupport.waitFor(5, "back to dpo", () -> !root.lookup("#section-sdpo").isVisible()
                    && !root.lookup("#section-apl").isVisible());
            TextField beta = (TextField) root.lookup("#setting-dpo-beta");
            assertNotNull(beta, "the property sheet has a dpo.beta field");
            assertEquals("0.1", beta.getText());
            GuiTestSupport.onFx(() -> scrollTo(beta));
            GuiTestSupport.settle();

            robot.clickOn(beta).push(KeyCode.CONTROL, KeyCode.A).write("-1");
            GuiTestSupport.waitFor(5, "the engine's message under the field", () -> visibleLabels(root)
                    .anyMatch(t -> t.equals("dpo.beta = -1.0 is invalid: must be a finite number > 0")));
            assertTrue(((Button) root.lookup("#start")).isDisabled(), "no start while the config is invalid");
            GuiTestSupport.snapshot(root, Path.of("target", "gui", "run-setup-bad-value.png"));
            assertTrue(((Label) root.lookup("#setup-status")).getText().startsWith("Start is off: dpo.beta"));

            robot.clickOn(beta).push(KeyCode.CONTROL, KeyCode.A).write("0.2");
            GuiTestSupport.waitFor(5, "a valid config", () -> !((Button) root.lookup("#save")).isDisabled());
            Path png = GuiTestSupport.snapshot(root, Path.of("target", "gui", "run-setup.png"));
            assertTrue(Files.size(png) > 10_000);
            robot.clickOn("#save");
            GuiTestSupport.waitFor(5, "the save", () -> ((Label) root.lookup("#setup-status")).getText()
                    .startsWith("Saved "));
            assertEquals(0.2, RunConfig.load(file).dpo().beta());
            assertEquals(RunConfig.load(RunSetupViewModelTest.SAMPLE).with(java.util.List.of("dpo.beta=0.2")),
                    RunConfig.load(file), "beta changed, nothing else");
            assertEquals("Start run", ((Button) root.lookup("#start")).getText());
        } finally {
            GuiTestSupport.onFx(() -> {
                w.stage().hide();
                return null;
            });
        }
    }

    private Path copyOfSample() throws Exception {
        Path sample = RunSetupViewModelTest.SAMPLE.getParent().toAbsolutePath().normalize();
        Path project = Files.createDirectories(tmp.resolve("tinystories-dpo"));
        Files.copy(sample.resolve("experiment.json"), project.resolve("experiment.json"));
        Files.createDirectories(project.resolve("data"));
        try (Stream<Path> s = Files.list(sample.resolve("data"))) {
            for (Path p : s.toList()) {
                Files.copy(p, project.resolve("data").resolve(p.getFileName()));
            }
        }
        Files.createSymbolicLink(project.resolve("model"), sample.resolve("model").toRealPath());
        return project;
    }

    /** Scrolls the settings column so that {@code node} is in view (the robot clicks where it is on screen). */
    private static Void scrollTo(Node node) {
        ScrollPane scroll = (ScrollPane) node.getScene().lookup("#settings-scroll");
        Node content = scroll.getContent();
        double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
        double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
        scroll.setVvalue(Math.min(1, Math.max(0, (y - 200) / room)));
        return null;
    }

    private static Stream<String> visibleLabels(Node root) {
        return root.lookupAll(".error-text").stream().filter(Node::isVisible).filter(n -> n instanceof Label)
                .map(n -> ((Label) n).getText());
    }
}
