package org.preflab.app.gui.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.run.RunControl;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunState;

/** The bundled sample project in a temp folder, hand-written run folders, and a fake live run. */
final class DashboardFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private DashboardFixtures() {}

    /** The checkout's sample-projects/tinystories-dpo (tests run in app/). */
    static Path sampleProject() {
        Path root = Path.of(System.getProperty("preflab.docs", "../docs")).toAbsolutePath().normalize().getParent();
        return root.resolve("sample-projects").resolve("tinystories-dpo");
    }

    /**
     * A copy of the sample project in {@code dir} with train settings changed (e.g. max_steps, checkpoint_every)
     * and runs written under {@code dir/runs}; returns its experiment.json.
     */
    static Path sampleCopy(Path dir, int maxSteps, int evalEvery, int checkpointEvery) throws IOException {
        Path sample = sampleProject();
        Files.createDirectories(dir.resolve("data"));
        Files.copy(sample.resolve("data/pairs.jsonl"), dir.resolve("data/pairs.jsonl"));
        ObjectNode c = (ObjectNode) JSON.readTree(sample.resolve("experiment.json").toFile());
        c.put("model", sample.resolve("model").toRealPath().toString());
        ((ObjectNode) c.get("train")).put("max_steps", maxSteps);
        ((ObjectNode) c.get("train")).put("checkpoint_every", checkpointEvery);
        c.put("eval_every", evalEvery);
        Path f = dir.resolve("experiment.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), c);
        return f;
    }

    /** A run folder written by hand: the sample's config, the given metrics rows and events (JSON lines). */
    static Path runFolder(Path dir, List<String> metrics, List<String> events) throws IOException {
        Path run = dir.resolve("runs/test-run");
        Files.createDirectories(run.resolve("checkpoints"));
        Path exp = sampleCopy(dir, 0, 0, 10);
        Files.copy(exp, run.resolve("config.json"));
        Files.write(run.resolve("metrics.jsonl"), metrics);
        Files.write(run.resolve("events.jsonl"), events);
        return run;
    }

    static String row(int step, double loss, double tokens) {
        return String.format(java.util.Locale.ROOT, "{\"step\":%d,\"loss\":%s,\"rewards/margins\":%s,"
                + "\"num_tokens\":%s,\"tokens_per_s\":1000.0,\"epoch\":%s}", step, loss, step * 0.1, tokens, step / 7.0);
    }

    static String event(int step, String type, String message, String data) {
        return "{\"time\":\"2026-01-01T00:00:0" + (step % 10) + "Z\",\"step\":" + step + ",\"type\":\"" + type
                + "\",\"message\":\"" + message + "\"" + (data == null ? "" : ",\"data\":" + data) + "}";
    }

    /** A run "training in this window" whose state follows its control, as a RunHandle's does. */
    static final class FakeLive implements LiveRun {
        final RunControl control = new RunControl();
        final List<RunListener> listeners = new CopyOnWriteArrayList<>();
        volatile RunState state = RunState.RUNNING;
        volatile int total = 20;

        @Override
        public RunState state() {
            return state == RunState.RUNNING && control.request() == RunControl.Request.PAUSE ? RunState.PAUSED : state;
        }

        @Override
        public RunControl control() {
            return control;
        }

        @Override
        public int totalSteps() {
            return total;
        }

        @Override
        public void addListener(RunListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(RunListener l) {
            listeners.remove(l);
        }
    }

    /** Runs access over one optional fake live run; resumes are recorded. */
    static final class FakeAccess implements RunAccess {
        FakeLive live;
        final List<Path> resumed = new ArrayList<>();

        @Override
        public Optional<LiveRun> live(Path runDir) {
            return Optional.ofNullable(live);
        }

        @Override
        public LiveRun resume(Path runDir, RunListener listener) {
            resumed.add(runDir);
            live = new FakeLive();
            live.state = RunState.QUEUED;
            live.addListener(listener);
            return live;
        }
    }
}
