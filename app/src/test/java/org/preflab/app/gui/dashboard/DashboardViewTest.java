package org.preflab.app.gui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.chart.MetricChart;
import org.preflab.app.gui.chart.SeriesData;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.run.RunEvent;

/**
 * The dashboard of a run folder written elsewhere (as a CLI run leaves it): charts, markers of every kind, the
 * health panel moving the crosshair, the x axis in tokens, and the controls such a run allows.
 */
class DashboardViewTest {
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

    /** An sDPO-like run of 60 steps: two stages, a reference refresh, checkpoints, evals and two findings. */
    private Path endedRun() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add("{\"step\":0,\"data/train_pairs\":480,\"data/eval_pairs\":60,\"data/truncated\":3,\"data/dropped\":1}");
        for (int s = 1; s <= 60; s++) {
            double loss = 0.69 * Math.exp(-s / 25.0) + 0.03 * Math.sin(s);
            rows.add(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%.4f,\"rewards/margins\":%.4f,"
                    + "\"rewards/accuracies\":%.3f,\"grad_norm\":%.3f,\"num_tokens\":%d,\"tokens_per_s\":%.1f,"
                    + "\"epoch\":%.3f,\"stage\":%d}", s, loss, s * 0.05, Math.min(1, 0.5 + s / 80.0),
                    5 + (s == 41 ? 40 : Math.cos(s)), s * 800, 1500 + 10 * Math.sin(s), s / 20.0, s <= 30 ? 0 : 1));
            if (s % 10 == 0) {
                rows.add(String.format(Locale.ROOT, "{\"step\":%d,\"eval_loss\":%.4f,\"eval_rewards/margins\":%.4f}",
                        s, 0.7 * Math.exp(-s / 30.0), s * 0.04));
            }
        }
        List<String> events = new ArrayList<>();
        for (int s = 10; s <= 60; s += 10) {
            events.add(DashboardFixtures.event(s, "checkpoint", "saved step-0000" + s, "{\"path\":\"x\"}"));
        }
        events.add(DashboardFixtures.event(30, "reference_refresh", "stage 1: reference is the model of stage 0",
                "{\"stage\":1}"));
        events.add(DashboardFixtures.event(41, "health:grad_spike", "grad_norm spiked",
                "{\"kind\":\"grad_spike\",\"explanation\":\"grad_norm 45.0 is 9x its recent median.\","
                        + "\"fix\":\"lower train.learning_rate or train.max_grad_norm.\"}"));
        events.add(DashboardFixtures.event(55, "health:accuracy_stuck", "accuracy stuck",
                "{\"kind\":\"accuracy_stuck\",\"explanation\":\"rewards/accuracies has been 1.000 for 20 steps.\","
                        + "\"fix\":\"the pairs are too easy for this model: use harder data or stop earlier.\"}"));
        events.add(DashboardFixtures.event(60, "finished", "finished", null));
        Path run = DashboardFixtures.runFolder(tmp, rows, events);
        Files.createDirectories(run.resolve("checkpoints/step-000060"));
        return run;
    }

    /** A run trained on the GPU (its provenance says so) shows the GPU in the status bar; pictured for a look. */
    @Test
    void theStatusBarShowsTheGpuARunTrainedOn() throws Exception {
        Path run = endedRun();
        Files.writeString(run.resolve("provenance.json"), "{\"runtime\":{\"cpuModel\":\"AMD EPYC\","
                + "\"intraOpThreads\":2,\"device\":{\"choice\":\"auto\",\"device\":\"gpu\",\"gpuIndex\":0,"
                + "\"libtorchPath\":\"/opt/libtorch/lib\",\"flavor\":\"cu128\",\"detail\":\"CUDA libtorch\","
                + "\"warning\":null}}}");
        GuiTestSupport.onFx(() -> {
            window.openRun(run);
            return null;
        });
        DashboardView d = GuiTestSupport.onFx(() -> (DashboardView) window.tabs().getTabs().stream()
                .map(Tab::getContent).filter(c -> c instanceof DashboardView).findFirst().orElseThrow());
        GuiTestSupport.waitFor(20, "the device from the provenance",
                () -> "GPU 0 (cu128) · 2 CPU threads".equals(((Label) d.lookup("#status-device")).getText()));
        GuiTestSupport.settle();
        javafx.scene.Node bar = GuiTestSupport.onFx(() -> d.lookup("#status-device").getParent());
        GuiTestSupport.snapshot(bar, Path.of("target/status-bar-gpu.png"));

        // every field of a live run, in a dashboard narrower than them all: each stays whole (wrapping to a new line)
        GuiTestSupport.onFx(() -> {
            d.viewModel().timeLeftProperty().set("12:34 left");
            d.viewModel().throughputProperty().set("22,462 tokens/s");
            d.viewModel().dataTextProperty().set("56 train pairs · 8 eval · 0 truncated · 0 dropped");
            window.stage().setWidth(900);
            return null;
        });
        GuiTestSupport.settle();
        List<String> cut = GuiTestSupport.onFx(() -> ((javafx.scene.Parent) bar).getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof Label && n.isVisible()).map(n -> (Label) n)
                .filter(l -> !((javafx.scene.text.Text) l.lookup(".text")).getText().equals(l.getText()))
                .map(Label::getText).toList());
        assertEquals(List.of(), cut, "status fields cut short");
        double barRight = GuiTestSupport.onFx(() -> bar.localToScene(bar.getLayoutBounds()).getMaxX());
        double dataRight = GuiTestSupport.onFx(() -> d.lookup("#status-data").localToScene(
                d.lookup("#status-data").getLayoutBounds()).getMaxX());
        assertTrue(dataRight <= barRight + 0.5, "the last field inside the bar: " + dataRight + " > " + barRight);
        GuiTestSupport.snapshot(bar, Path.of("target/status-bar-narrow.png"));
    }

    @Test
    void aCpuRunThatAskedForTheGpuSaysItDidNotGetOne() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var prov = json.createObjectNode();
        var rt = prov.putObject("runtime");
        rt.put("cpuModel", "AMD EPYC").put("intraOpThreads", 2);
        rt.putObject("device").put("device", "cpu").put("warning", "device gpu: running on the CPU, because ...");
        assertEquals("CPU AMD EPYC · 2 threads · GPU not available", FolderWatch.device(prov));
        rt.putObject("device").put("device", "cpu").putNull("warning");
        assertEquals("CPU AMD EPYC · 2 threads", FolderWatch.device(prov));
    }

    @Test
    void aWinRateThatArrivesAfterTheTrainingChartsIsPlacedFirst() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            rows.add(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":0.6%d,\"rewards/margins\":0.%d}", s, s, s));
        }
        Path run = DashboardFixtures.runFolder(tmp, rows, List.of(DashboardFixtures.event(0, "started", "training",
                null)));
        GuiTestSupport.onFx(() -> {
            window.openRun(run);
            return null;
        });
        DashboardView d = GuiTestSupport.onFx(() -> (DashboardView) window.tabs().getTabs().stream()
                .map(Tab::getContent).filter(c -> c instanceof DashboardView).findFirst().orElseThrow());
        GuiTestSupport.waitFor(20, "the training charts", () -> d.charts().containsKey("rewards/margins")
                && d.charts().get("rewards/margins").getParent() != null);
        Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":5,\"eval_win_rate\":0.8,\"eval_win_rate/low\":0.7,"
                + "\"eval_win_rate/high\":0.9}\n", java.nio.file.StandardOpenOption.APPEND);
        GuiTestSupport.waitFor(20, "the win rate", () -> d.charts().containsKey("win_rate")
                && d.charts().get("win_rate").getParent() != null);
        GuiTestSupport.settle();
        MetricChart rate = d.charts().get("win_rate");
        MetricChart loss = d.charts().get("loss");
        assertEquals(List.of(0, 0), GuiTestSupport.onFx(() -> List.of(javafx.scene.layout.GridPane.getColumnIndex(rate),
                javafx.scene.layout.GridPane.getRowIndex(rate))));
        assertEquals(1, (int) GuiTestSupport.onFx(() -> javafx.scene.layout.GridPane.getColumnIndex(loss)));
        assertEquals(List.of("eval_win_rate", "eval_win_rate/low", "eval_win_rate/high"),
                GuiTestSupport.onFx(() -> rate.seriesList().stream().map(SeriesData::name).toList()));
    }

    @Test
    void anEndedRunsFolderShowsChartsMarkersHealthAndItsControls() throws Exception {
        Path run = endedRun();
        GuiTestSupport.onFx(() -> {
            window.openRun(run);
            return null;
        });
        DashboardView d = GuiTestSupport.onFx(() -> (DashboardView) window.tabs().getTabs().stream()
                .map(Tab::getContent).filter(c -> c instanceof DashboardView).findFirst().orElseThrow());
        GuiTestSupport.waitFor(20, "the history", () -> d.charts().containsKey("loss")
                && d.charts().get("loss").series("loss").orElseThrow().size() == 60);
        GuiTestSupport.waitFor(20, "the state from the folder",
                () -> "FINISHED".equals(((Label) d.lookup("#run-state")).getText()));
        MetricChart loss = d.charts().get("loss");
        assertEquals(6, GuiTestSupport.onFx(() -> loss.series("eval_loss").orElseThrow().size()));
        assertEquals(List.of("loss", "rewards/margins", "rewards/accuracies", "grad_norm", "tokens_per_s",
                "num_tokens", "epoch", "stage"), GuiTestSupport.onFx(() -> List.copyOf(d.charts().keySet())));
        // 6 checkpoints, the refresh, 2 findings (the finish is not a marker)
        assertEquals(9, GuiTestSupport.onFx(() -> loss.markers().size()));
        assertEquals(1, GuiTestSupport.onFx(() -> loss.markers().stream()
                .filter(m -> m.color().equals(EventStyle.REFERENCE_REFRESH)).count()));

        // an ended run with a checkpoint: fork, no pause/stop; finished, so no resume
        assertTrue(GuiTestSupport.onFx(() -> ((Button) d.lookup("#pause")).isDisabled()));
        assertTrue(GuiTestSupport.onFx(() -> ((Button) d.lookup("#stop")).isDisabled()));
        assertTrue(GuiTestSupport.onFx(() -> ((Button) d.lookup("#resume")).isDisabled()));
        assertFalse(GuiTestSupport.onFx(() -> ((Button) d.lookup("#fork")).isDisabled()));
        assertEquals("step 60 of ~60", GuiTestSupport.onFx(() -> ((Label) d.lookup("#status-step")).getText()));

        // the health panel, newest first; picking one moves every chart's crosshair to its step. It sits in a
        // SplitPane, whose items join the scene graph with its skin, a pulse after the rest: wait for it.
        GuiTestSupport.waitFor(20, "the health panel", () -> d.lookup("#health-list") != null);
        @SuppressWarnings("unchecked")
        ListView<RunEvent> health = GuiTestSupport.onFx(() -> (ListView<RunEvent>) d.lookup("#health-list"));
        assertEquals(List.of("health:accuracy_stuck", "health:grad_spike"),
                GuiTestSupport.onFx(() -> health.getItems().stream().map(RunEvent::type).toList()));
        GuiTestSupport.onFx(() -> {
            health.getSelectionModel().select(1);
            return null;
        });
        XYPlot plot = d.charts().get("grad_norm").chart().getXYPlot();
        assertTrue(GuiTestSupport.onFx(plot::isDomainCrosshairVisible));
        assertEquals(41.0, GuiTestSupport.onFx(plot::getDomainCrosshairValue));
        assertEquals(1, GuiTestSupport.onFx(() -> loss.markers().stream().filter(m -> m.emphasised()).count()));
        GuiTestSupport.settle();
        Thread.sleep(400);
        GuiTestSupport.settle();
        Path png = GuiTestSupport.snapshot(window.stage().getScene().getRoot(), Path.of("target/dashboard-health.png"));
        if (Boolean.getBoolean("preflab.renderDocs")) { // the README's picture: -Dpreflab.renderDocs=true
            Files.createDirectories(Path.of(System.getProperty("preflab.docs")));
            Files.copy(png, Path.of(System.getProperty("preflab.docs"), "dashboard-health.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        // x in tokens: every chart redraws against num_tokens
        GuiTestSupport.onFx(() -> {
            @SuppressWarnings("unchecked")
            ChoiceBox<MetricStore.XAxis> x = (ChoiceBox<MetricStore.XAxis>) d.lookup("#x-axis");
            x.setValue(MetricStore.XAxis.TOKENS);
            return null;
        });
        assertEquals(48_000.0, GuiTestSupport.onFx(() -> loss.series("loss").orElseThrow().x(59)));
        assertEquals(8_000.0, GuiTestSupport.onFx(() -> loss.series("eval_loss").orElseThrow().x(0)));
        assertEquals("num_tokens", GuiTestSupport.onFx(loss::xName));
    }
}
