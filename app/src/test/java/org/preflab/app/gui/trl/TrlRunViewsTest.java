package org.preflab.app.gui.trl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.gui.compare.CompareModel;
import org.preflab.app.gui.compare.CompareView;
import org.preflab.app.gui.compare.ConfigDiff;
import org.preflab.app.gui.dashboard.DashboardView;
import org.preflab.app.gui.shell.MainWindow;

/**
 * A TRL run (a preflab export-trl folder whose output_dir TRL is writing) in the workbench: its dashboard follows
 * trainer_state.json as it grows, offers no resume or fork, and it compares with a PrefLab run of the same
 * experiment. Pictures go to target/trl-pictures.
 */
class TrlRunViewsTest {
    static final Path PICTURES = Path.of("target/trl-pictures");
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

    static double loss(int s, double wobble) {
        return 0.6931 * Math.exp(-s / 18.0) + 0.02 * Math.sin(s + wobble);
    }

    static String trlEntry(int s) {
        return String.format(Locale.ROOT, "{\"epoch\": %.4f, \"grad_norm\": %.3f, \"learning_rate\": %.3e, "
                + "\"loss\": %.5f, \"rewards/margins\": %.4f, \"rewards/accuracies\": %.3f, \"logps/chosen\": %.3f, "
                + "\"num_tokens\": %d, \"step\": %d}", s / 7.0, 10 - s * 0.2, 1e-4, loss(s, 0.3), s * 0.06,
                Math.min(1, s / 6.0), -62 + s * 0.4, s * 780, s);
    }

    static void writeState(Path out, int steps, boolean done) throws Exception {
        List<String> h = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            h.add(trlEntry(s));
            if (s % 5 == 0) {
                h.add(String.format(Locale.ROOT, "{\"epoch\": 0.5, \"eval_loss\": %.4f, \"eval_rewards/margins\": "
                        + "%.4f, \"eval_runtime\": 0.5, \"step\": %d}", loss(s, 1) + 0.05, s * 0.05, s));
            }
        }
        if (done) {
            h.add("{\"epoch\": 3.0, \"step\": " + steps + ", \"train_loss\": 0.4, \"train_runtime\": 60.2, "
                    + "\"train_steps_per_second\": 0.35, \"total_flos\": 0.0}");
        }
        Files.createDirectories(out);
        Path tmpFile = out.resolve("trainer_state.json.tmp");
        Files.writeString(tmpFile, "{\"global_step\": " + steps + ", \"max_steps\": 21, \"log_history\": ["
                + String.join(",\n", h) + "]}");
        Files.move(tmpFile, out.resolve("trainer_state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(out.resolve("preflab_trl.json"), "{\"status\": \"" + (done ? "finished" : "running")
                + "\", \"world_size\": 1, \"device\": \"cpu\", \"versions\": {\"trl\": \"1.13.0\"}}");
    }

    /** A project with one PrefLab run and one TRL export whose run has 12 of 21 steps so far. */
    Path project() throws Exception {
        Path proj = tmp.resolve("proj");
        Path run = proj.resolve("runs/x-20261202-120000");
        Files.createDirectories(run.resolve("checkpoints"));
        String config = "{\"name\":\"x\",\"method\":\"dpo\",\"model\":\"/m\",\"data\":{\"train\":\"/p.jsonl\"},"
                + "\"dpo\":{\"beta\":0.1},\"train\":{\"max_steps\":21}}";
        Files.writeString(run.resolve("config.json"), config);
        Files.writeString(proj.resolve("experiment.json"), config.replace("/p.jsonl", "p.jsonl").replace("/m", "m"));
        StringBuilder m = new StringBuilder("{\"step\":0,\"data/train_pairs\":56,\"data/eval_pairs\":8,"
                + "\"data/truncated\":0,\"data/dropped\":0}\n");
        for (int s = 1; s <= 21; s++) {
            m.append(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%.5f,\"rewards/margins\":%.4f,"
                    + "\"num_tokens\":%d}\n", s, loss(s, 0), s * 0.06, s * 780));
        }
        Files.writeString(run.resolve("metrics.jsonl"), m.toString());
        Files.writeString(run.resolve("events.jsonl"), "{\"time\":\"2026-12-02T12:00:00Z\",\"step\":21,\"type\":"
                + "\"finished\",\"message\":\"finished\"}\n");
        Path export = Files.createDirectories(proj.resolve("trl/x"));
        Files.writeString(export.resolve("preflab-export.json"), "{\"experiment\": " + config + ", \"data\": "
                + "{\"data/train_pairs\": 56, \"data/eval_pairs\": 8, \"data/truncated\": 0, \"data/dropped\": 0}}");
        writeState(export.resolve("x-trl"), 12, false);
        return proj;
    }

    private DashboardView dashboard() throws Exception {
        return GuiTestSupport.onFx(() -> (DashboardView) window.tabs().getTabs().stream().map(Tab::getContent)
                .filter(c -> c instanceof DashboardView).findFirst().orElseThrow());
    }

    @Test
    void aTrlRunIsFollowedLiveAndComparedWithAPrefLabRun() throws Exception {
        Path proj = project();
        Path trlRun = proj.resolve("trl/x/x-trl");
        Path preflabRun = proj.resolve("runs/x-20261202-120000");
        GuiTestSupport.onFx(() -> {
            window.openProject(proj);
            window.openRun(trlRun);
            return null;
        });
        DashboardView d = dashboard();
        GuiTestSupport.waitFor(20, "the TRL history", () -> d.charts().containsKey("loss")
                && d.charts().get("loss").series("loss").orElseThrow().size() == 12);
        assertEquals(2, GuiTestSupport.onFx(() -> d.charts().get("loss").series("eval_loss").orElseThrow().size()));
        GuiTestSupport.waitFor(20, "running, from the folder's freshness",
                () -> "RUNNING".equals(((Label) d.lookup("#run-state")).getText()));

        writeState(trlRun, 21, true); // TRL goes on writing
        GuiTestSupport.waitFor(20, "the new steps", () -> d.charts().get("loss").series("loss").orElseThrow()
                .size() == 21);
        GuiTestSupport.waitFor(20, "the end", () -> "FINISHED".equals(((Label) d.lookup("#run-state")).getText()));
        Files.createDirectories(trlRun.resolve("checkpoint-21"));
        Files.copy(trlRun.resolve("trainer_state.json"), trlRun.resolve("checkpoint-21/trainer_state.json"));
        GuiTestSupport.waitFor(20, "the checkpoint marker", () -> d.charts().get("loss").markers().size() == 1);
        assertTrue(GuiTestSupport.onFx(() -> ((Button) d.lookup("#resume")).isDisabled()));
        assertTrue(GuiTestSupport.onFx(() -> ((Button) d.lookup("#fork")).isDisabled()));
        GuiTestSupport.waitFor(20, "the device from preflab_trl.json", () -> ((Label) d.lookup("#status-device"))
                .getText().equals("TRL 1.13.0 · cpu · 1 process"));
        GuiTestSupport.settle();
        Thread.sleep(300);
        GuiTestSupport.snapshot(window.stage().getScene().getRoot(), PICTURES.resolve("trl-dashboard.png"));

        CompareModel m = new CompareModel(List.of(preflabRun, trlRun), ModelThreads.direct());
        m.load();
        assertEquals("", m.errorProperty().get());
        assertEquals(List.of("x-20261202-120000", "x-trl"), m.overlay("loss").stream().map(CompareModel.Named::run)
                .toList());
        assertEquals(21, m.differences("loss").get(0).curve().size());
        assertTrue(m.configDiff().stream().map(ConfigDiff.Row::key).toList().contains("trainer"),
                m.configDiff().toString());
        GuiTestSupport.onFx(() -> {
            window.openCompare(List.of(preflabRun, trlRun));
            return null;
        });
        CompareView cv = GuiTestSupport.onFx(() -> (CompareView) window.tabs().getTabs().stream()
                .map(Tab::getContent).filter(c -> c instanceof CompareView).findFirst().orElseThrow());
        GuiTestSupport.waitFor(20, "the compare charts", () -> !cv.charts().isEmpty());
        GuiTestSupport.settle();
        Thread.sleep(300);
        GuiTestSupport.snapshot(window.stage().getScene().getRoot(), PICTURES.resolve("trl-compare.png"));
    }

    /** The real round trip's folders (-Dpreflab.trl.project=<project with runs/ and trl/>), pictured. */
    @Test
    @EnabledIfSystemProperty(named = "preflab.trl.project", matches = ".+")
    void picturesTheRealRoundTrip() throws Exception {
        Path proj = Path.of(System.getProperty("preflab.trl.project"));
        Path trlRun = org.preflab.engine.run.trl.TrlRunReader.exportRuns(proj.resolve("trl")).get(0);
        Path preflabRun;
        try (var s = Files.list(proj.resolve("runs"))) {
            preflabRun = s.filter(org.preflab.engine.run.RunLog::isRunFolder).findFirst().orElseThrow();
        }
        GuiTestSupport.onFx(() -> {
            window.openProject(proj);
            window.openRun(trlRun);
            return null;
        });
        Thread.sleep(3000);
        GuiTestSupport.snapshot(window.stage().getScene().getRoot(), PICTURES.resolve("real-trl-opened.png"));
        DashboardView d = dashboard();
        GuiTestSupport.waitFor(20, "the history", () -> d.charts().containsKey("loss"));
        Thread.sleep(800);
        GuiTestSupport.settle();
        GuiTestSupport.snapshot(window.stage().getScene().getRoot(), PICTURES.resolve("real-trl-dashboard.png"));
        GuiTestSupport.onFx(() -> {
            window.openCompare(List.of(preflabRun, trlRun));
            return null;
        });
        Thread.sleep(1500);
        GuiTestSupport.settle();
        GuiTestSupport.snapshot(window.stage().getScene().getRoot(), PICTURES.resolve("real-trl-compare.png"));
    }
}
