package org.preflab.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.chart.MetricChart;
import org.preflab.app.gui.compare.CompareView;
import org.preflab.app.gui.pairs.PairsView;
import org.preflab.app.gui.samples.SamplesView;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.app.gui.teaching.TeachingView;
import org.preflab.app.run.ShortRuns;
import org.testfx.api.FxRobot;

/**
 * The analysis views in a real window (headless TestFX) on two real short runs: compare them, drill into a pair,
 * plot the run's pairs on the loss curves, sample both models and label a pair. Each view is saved as a PNG of the
 * whole window (to target/gui-shots, or the folder in -Dpreflab.shots).
 */
class AnalyseViewsFlowTest {
    @TempDir static Path tmp;
    private static Path sigmoidRun;
    private static Path hingeRun;
    private static MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void trainAndOpen() throws Exception {
        sigmoidRun = ShortRuns.dpo(tmp, "sigmoid", 6, c -> {});
        hingeRun = ShortRuns.dpo(tmp, "hinge", 6, c -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("dpo")).put("beta", 0.2).putArray("loss_type")
                    .add("hinge");
            ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("train")).put("learning_rate", 1e-3);
        });
        window = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
    }

    @AfterAll
    static void close() throws Exception {
        GuiTestSupport.onFx(() -> {
            window.stage().hide();
            return null;
        });
    }

    private static Node selectedView() throws Exception {
        return GuiTestSupport.onFx(() -> window.tabs().getSelectionModel().getSelectedItem().getContent());
    }

    private static Path shot(String name) throws Exception {
        GuiTestSupport.settle();
        Path dir = Path.of(System.getProperty("preflab.shots", "target/gui-shots"));
        Path png = GuiTestSupport.snapshot(window.stage().getScene().getRoot(), dir.resolve(name + ".png"));
        assertTrue(Files.size(png) > 10_000, png + " has content");
        return png;
    }

    @Test
    void compareTwoRunsOverlaysTheirCurvesAndListsTheSettingsThatDiffer() throws Exception {
        GuiTestSupport.onFx(() -> {
            window.openCompare(List.of(sigmoidRun, hingeRun));
            return null;
        });
        CompareView view = (CompareView) selectedView();
        // loss, eval_loss, rewards/margins, rewards/accuracies: an overlay and a difference chart each
        GuiTestSupport.waitFor(30, "the runs' charts", () -> view.charts().size() == 8);
        MetricChart loss = GuiTestSupport.onFx(() -> view.charts().get(0));
        assertEquals("loss", loss.title());
        assertEquals(2, loss.seriesList().size(), "one series per run");
        assertEquals(6, loss.seriesList().get(0).size(), "six training steps");
        MetricChart diff = GuiTestSupport.onFx(() -> view.charts().get(1));
        assertEquals(1, diff.seriesList().size(), "hinge minus the sigmoid baseline");
        List<String> keys = GuiTestSupport.onFx(() -> view.table().getItems().stream()
                .map(r -> r.key()).toList());
        assertTrue(keys.containsAll(List.of("dpo.loss_type", "dpo.beta", "train.learning_rate")), keys.toString());
        assertFalse(keys.contains("train.seed"), "equal settings are left out");

        robot.clickOn("#compare-by-tokens");
        GuiTestSupport.waitFor(10, "token alignment", () -> view.charts().get(0).xName().equals("num_tokens"));
        shot("compare");
    }

    @Test
    void drillDownShowsAPairsTextAndRewardTrajectory() throws Exception {
        GuiTestSupport.onFx(() -> {
            window.openDrillDown(sigmoidRun, -1);
            return null;
        });
        PairsView view = (PairsView) selectedView();
        // a SplitPane's items become children (and so lookup-able) once its skin exists, after a pulse
        GuiTestSupport.waitFor(10, "the pairs table", () -> view.lookup("#pairs-table") != null);
        @SuppressWarnings("unchecked")
        TableView<org.preflab.app.gui.pairs.PairRow> table = (TableView<org.preflab.app.gui.pairs.PairRow>)
                GuiTestSupport.onFx(() -> view.lookup("#pairs-table"));
        GuiTestSupport.waitFor(30, "the eval pairs", () -> table.getItems().size() == 6);
        List<Double> margins = GuiTestSupport.onFx(() -> table.getItems().stream().map(r -> r.pair().margin()).toList());
        assertEquals(margins.stream().sorted().toList(), margins, "sorted by margin");

        robot.clickOn(robot.lookup(".table-row-cell").nth(0).queryAs(Node.class));
        TextArea prompt = (TextArea) GuiTestSupport.onFx(() -> view.lookup("#pair-prompt"));
        GuiTestSupport.waitFor(10, "the pair's text", () -> prompt.getText().startsWith("Once upon a time"));
        TextArea chosen = (TextArea) GuiTestSupport.onFx(() -> view.lookup("#pair-chosen"));
        assertFalse(GuiTestSupport.onFx(chosen::getText).isBlank());
        shot("drill-down");

        robot.clickOn("#pairs-hardest");
        GuiTestSupport.waitFor(10, "the hardest pairs", () -> table.getItems().size() == 6); // 10 asked, 6 there
    }

    @Test
    void teachingViewPutsTheRunsPairsOnTheLossCurves() throws Exception {
        GuiTestSupport.onFx(() -> {
            window.openTeaching(hingeRun);
            return null;
        });
        TeachingView view = (TeachingView) selectedView();
        GuiTestSupport.waitFor(60, "curves with the run's pairs", () -> view.pairPointCount() == 6);
        javafx.scene.control.Label formula = (javafx.scene.control.Label) GuiTestSupport.onFx(
                () -> view.lookup("#teaching-formula"));
        assertEquals("L = max(0, 1 − β·h)", GuiTestSupport.onFx(formula::getText), "the run's own loss first");
        shot("teaching");
    }

    @Test
    void samplesGeneratesBothAnswersAndSavesAPreference() throws Exception {
        GuiTestSupport.onFx(() -> {
            window.openSamples(sigmoidRun);
            return null;
        });
        SamplesView view = (SamplesView) selectedView();
        GuiTestSupport.waitFor(20, "the run's checkpoints", () -> !view.lookup("#samples-generate").isDisabled());
        robot.clickOn("#samples-generate");
        TextArea policy = (TextArea) GuiTestSupport.onFx(() -> view.lookup("#samples-policy-answer"));
        TextArea reference = (TextArea) GuiTestSupport.onFx(() -> view.lookup("#samples-reference-answer"));
        GuiTestSupport.waitFor(60, "both answers", () -> !policy.getText().isEmpty() && !reference.getText().isEmpty());
        shot("samples");
        if (!GuiTestSupport.onFx(policy::getText).equals(GuiTestSupport.onFx(reference::getText))) {
            robot.clickOn("#samples-reference-better");
            Path labelled = tmp.resolve("sigmoid/data/labelled.jsonl");
            GuiTestSupport.waitFor(10, "the saved pair", () -> Files.exists(labelled));
            assertEquals(1, Files.readAllLines(labelled).size());
        }
    }
}
