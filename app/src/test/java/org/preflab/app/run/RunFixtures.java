package org.preflab.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small preference datasets and run configs on the stories260k fixture, for end-to-end run tests. */
final class RunFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private RunFixtures() {}

    /** A runner as the CLI and the workbench make it: preference files in every TRL form, the built-in losses. */
    public static org.preflab.engine.run.RunExecutor executor() {
        return new org.preflab.engine.run.RunExecutor(new org.preflab.engine.run.PreferenceFileSource(),
                org.preflab.engine.loss.PreferenceLosses.load());
    }

    static Path model() {
        return Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k").toAbsolutePath().normalize();
    }

    /** n pairs in the standard form: a story opening, a kind ending (chosen) and an unkind one (rejected). */
    static Path pairs(Path dir, String name, int n, long seed) throws IOException {
        String[] names = {"Lily", "Tom", "Sue", "Max", "Ben", "Mia"};
        String[] good = {"shared the toy with a friend.", "gave mom a big hug.", "helped the little bird."};
        String[] bad = {"broke the toy.", "did not share.", "ran away from the park."};
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String who = names[r.nextInt(names.length)];
            lines.add(JSON.writeValueAsString(Map.of(
                    "prompt", "Once upon a time, there was a little girl named " + who + ".",
                    "chosen", " " + who + " " + good[r.nextInt(good.length)],
                    "rejected", " " + who + " " + bad[r.nextInt(bad.length)])));
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    /** A DPO config over {@code data}; callers adjust fields before writing. */
    static ObjectNode dpoConfig(Path data, int maxSteps) {
        ObjectNode c = JSON.createObjectNode();
        c.put("name", "test-dpo");
        c.put("method", "dpo");
        c.put("model", model().toString());
        ObjectNode d = c.putObject("data");
        d.put("train", data.toString());
        d.put("max_length", 64);
        ObjectNode dpo = c.putObject("dpo");
        dpo.put("beta", 0.1);
        ObjectNode t = c.putObject("train");
        t.put("learning_rate", 5e-4);
        t.put("micro_batch_size", 4);
        t.put("max_steps", maxSteps);
        t.put("warmup_steps", 1);
        t.put("seed", 11);
        t.put("checkpoint_every", 2);
        c.put("runs_dir", data.getParent().resolve("runs").toString());
        return c;
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path write(Path dir, ObjectNode config) throws IOException {
        Path f = dir.resolve("experiment.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), config);
        return f;
    }

    /** Training rows (those with a loss) of metrics.jsonl, as written. */
    static List<String> trainingRows(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"loss\"")).map(RunFixtures::withoutTiming).toList();
    }

    /** Drops the wall-clock-dependent tokens_per_s so rows of two runs compare exactly. */
    static String withoutTiming(String row) {
        return row.replaceAll("\"tokens_per_s\":[^,}]*,?", "");
    }

    /** `preflab run config` in a child JVM (to be killed with SIGKILL), its output in {@code log}. */
    static Process startRunProcess(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "org.preflab.app.Main", "run", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Starts a run, stops it (after a checkpoint) once {@code stopAt} steps are recorded, and returns its folder:
     * a run to resume.
     */
    static Path stoppedAt(Path config, int stopAt) throws Exception {
        try (org.preflab.engine.runtime.EngineThread engine = new org.preflab.engine.runtime.EngineThread()) {
            org.preflab.engine.run.RunExecutor ex = executor();
            return engine.call(() -> ex.start(config, new org.preflab.engine.run.RunListener() {
                @Override
                public void onMetrics(org.preflab.engine.train.StepMetrics m) {
                    if (m.step() == stopAt) {
                        ex.control().stop(); // honoured at the next boundary, after a checkpoint
                    }
                }
            }).runDir());
        }
    }

    static List<String> events(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("events.jsonl"));
    }
}
