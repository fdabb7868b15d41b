package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.train.StepMetrics;

/**
 * SPA end to end on stories260k: 18 train pairs (6 held out) give 5 labelled seed pairs and pools of 7 and 6 prompts;
 * with 4 pairs a step the seed DPO takes steps 1-2, iteration 1 steps 3-4 and iteration 2 steps 5-6.
 */
class SpaRunTest {
    /** Shared by the tests: each project (by decouple) and its uninterrupted run are made once. */
    @TempDir static Path shared;
    private static final java.util.Map<Double, Path[]> PROJECTS = new java.util.HashMap<>();

    /** {experiment.json, its uninterrupted run} for spa.decouple = mu. */
    private static synchronized Path[] project(double mu) throws Exception {
        Path[] p = PROJECTS.get(mu);
        if (p == null) {
            Path dir = Files.createDirectories(shared.resolve("decouple-" + mu));
            ObjectNode c = config(dir);
            ((ObjectNode) c.get("spa")).put("decouple", mu);
            Path cfg = RunFixtures.write(dir, c);
            p = new Path[] {cfg, PreferenceRunTest.run(cfg)};
            PROJECTS.put(mu, p);
        }
        return p;
    }

    /** A test oracle that prefers the longer response (registered in META-INF/services). */
    public static final class LengthOracle implements OracleProvider {
        @Override
        public String id() {
            return "spa-test-length";
        }

        @Override
        public String description() {
            return "prefers the longer response";
        }

        @Override
        public PreferenceOracle create(Context context) {
            return new PreferenceOracle() {
                @Override
                public CompletableFuture<Judgement> judge(Comparison c) {
                    return CompletableFuture.completedFuture(
                            Judgement.fromScores(c.a().length(), c.b().length(), 0, "length"));
                }

                @Override
                public String describe() {
                    return "the longer response";
                }
            };
        }
    }

    private static ObjectNode config(Path dir) throws Exception {
        Path data = RunFixtures.pairs(dir, "pairs.jsonl", 24, 3);
        ObjectNode cfg = RunFixtures.dpoConfig(data, 0);
        cfg.put("name", "test-spa");
        cfg.put("method", "spa");
        ((ObjectNode) cfg.get("data")).put("eval_fraction", 0.25);
        ((ObjectNode) cfg.get("train")).put("epochs", 1);
        ((ObjectNode) cfg.get("train")).put("checkpoint_every", 1);
        ((ObjectNode) cfg.get("train")).put("warmup_steps", 0);
        ObjectNode spa = cfg.putObject("spa");
        spa.put("seed_fraction", 0.25);
        spa.put("iterations", 2);
        spa.put("samples_per_prompt", 2);
        spa.put("temperature", 1.0);
        spa.put("max_new_tokens", 12);
        spa.put("margin_window", 2);
        spa.put("warmup_fraction", 0.5);
        spa.put("refine_threshold", 0.1);
        cfg.putObject("oracle").put("type", "spa-test-length");
        return cfg;
    }

    @Test
    void iterationsSelfLabelTrainAndRecordWhatTheyDid() throws Exception {
        Path dir = project(1.0)[1];
        List<JsonNode> events = nodes(RunFixtures.events(dir));
        assertEquals("finished", events.get(events.size() - 1).get("type").asText());
        JsonNode plan = events.stream().filter(e -> e.get("type").asText().equals("spa_plan")).findFirst()
                .orElseThrow();
        assertEquals(5, plan.get("data").get("seed_pairs").asInt());
        List<JsonNode> labels = events.stream().filter(e -> e.get("type").asText().equals("self_labels")).toList();
        assertEquals(2, labels.size());
        for (int i = 1; i <= 2; i++) {
            JsonNode d = labels.get(i - 1).get("data");
            assertEquals(i, d.get("iteration").asInt());
            assertEquals(2 * d.get("prompts").asInt(), d.get("samples").asInt());
            assertEquals(d.get("prompts").asInt(), d.get("pairs").asInt() + d.get("skipped_alike").asInt());
            assertTrue(d.get("pairs").asInt() > 0, d.toString());
            assertTrue(d.has("generate_s") && d.has("score_s") && d.has("judge_s") && d.has("train_s"), d.toString());
            assertEquals(2 + 2 * i, labels.get(i - 1).get("step").asInt(), "recorded when the iteration is trained");
            double agreement = d.get("oracle_agreement").asDouble();
            assertTrue(agreement >= 0 && agreement <= 1, d.toString());
            assertEquals(d.get("oracle_agreed").asDouble() / d.get("oracle_decisive").asDouble(), agreement, 1e-12);

            Path it = dir.resolve("spa/iteration-" + i);
            List<JsonNode> pairs = nodes(Files.readAllLines(it.resolve("pairs.jsonl")));
            assertEquals(d.get("pairs").asInt(), pairs.size());
            for (JsonNode p : pairs) {
                assertTrue(p.get("reward_chosen").asDouble() > p.get("reward_rejected").asDouble(), p.toString());
                assertNotEquals(p.get("chosen_ids"), p.get("rejected_ids"));
                assertEquals(2, p.get("rewards").size());
                assertTrue(p.get("prompt").asText().startsWith("Once upon a time"), p.toString());
            }
            List<JsonNode> answers = nodes(Files.readAllLines(it.resolve("oracle.jsonl")));
            assertEquals(pairs.size(), answers.size());
            assertTrue(answers.stream().anyMatch(a -> a.get("swapped").asBoolean()), "a random A/B swap, recorded");
            assertTrue(Files.isRegularFile(dir.resolve("references/stage-" + i + "/config.json")));
        }
        assertEquals(2, events.stream().filter(e -> e.get("type").asText().equals("reference_refresh")).count());

        List<JsonNode> rows = nodes(RunFixtures.trainingRows(dir));
        assertEquals(6, rows.size());
        for (JsonNode r : rows) {
            int stage = r.get("stage").asInt();
            assertEquals(stage, (r.get("step").asInt() - 1) / 2, r.toString());
            assertEquals(5, r.get("labels_used").asInt(), "only the seed's labels are ever used");
            assertEquals(stage > 0, r.has("spa/threshold"), r.toString());
            assertEquals(stage > 0, r.has("spa/oracle_agreement"), r.toString());
            if (stage > 0) {
                assertEquals(labels.get(stage - 1).get("data").get("pairs").asInt(), r.get("spa/self_labels").asInt());
                assertTrue(r.has("spa/confident_fraction") && r.has("spa/alpha"));
            }
        }
        // warm-up is the first half of each iteration (1 of 2 steps); τ exists once 2 margins were recorded
        assertEquals(0.0, rows.get(2).get("spa/alpha").asDouble());
        assertEquals(0.1, rows.get(3).get("spa/alpha").asDouble(), 1e-7);
        assertNotEquals(0.0, rows.get(3).get("spa/threshold").asDouble());
        assertEquals(3, evalRows(dir).size(), "an evaluation at the end of every stage");
        List<String> wins = winRows(dir);
        assertEquals(3, wins.size(), "a win rate against the initial model at the end of every stage");
        assertTrue(wins.get(0).contains("eval_win_rate/low") && wins.get(0).contains("\"labels_used\""), wins.get(0));
        // checkpoint folders are named by the run's step; run_state also keeps the stage and its offset
        Path last = dir.resolve("checkpoints/step-000006");
        assertEquals(6, org.preflab.engine.train.Checkpoints.runStep(last));
        JsonNode state = RunFixtures.JSON.readTree(last.resolve("run_state.json").toFile());
        assertEquals(2, state.get("stage").asInt());
        assertEquals(2, state.get("spa_margins").size(), "one margin per micro-batch of the iteration so far");
    }

    @Test
    void stoppedMidIterationResumesToTheSameResultAndReusesTheSelfLabels() throws Exception {
        Path cfg = project(1.0)[0];
        Path straight = project(1.0)[1];
        Path dir = RunFixtures.stoppedAt(cfg, 5); // stage 2, one step in; its self-labels are on disk
        Path pairs2 = dir.resolve("spa/iteration-2/pairs.jsonl");
        var written = Files.getLastModifiedTime(pairs2);
        try (EngineThread engine = new EngineThread()) {
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
        }
        assertEquals(written, Files.getLastModifiedTime(pairs2), "self-labels are reused, never regenerated");
        assertEquals(5, resumedAt(dir), "from the newest checkpoint, mid-iteration: the recorded margins come back");
        assertSameResult(straight, dir);
    }

    @Test
    void resumingFromAnEarlierCheckpointGivesTheSameResult() throws Exception {
        // decouple 1.5: the reference is a loaded model and its logits are mixed in
        Path cfg = project(1.5)[0];
        Path straight = project(1.5)[1];
        Path dir = RunFixtures.stoppedAt(cfg, 5);
        // as if killed before step 5's checkpoint (stage 2's first step): the run continues from the end of
        // iteration 1, with iteration 2's self-labels already on disk
        Path ckpt5 = dir.resolve("checkpoints/step-000005");
        assertEquals(5, org.preflab.engine.train.Checkpoints.runStep(ckpt5));
        org.preflab.engine.io.AtomicFiles.deleteTree(ckpt5);
        try (EngineThread engine = new EngineThread()) {
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
        }
        assertEquals(4, resumedAt(dir));
        assertSameResult(straight, dir);
        long labelEvents = RunFixtures.events(dir).stream().filter(e -> e.contains("\"self_labels\"")).count();
        assertEquals(2, labelEvents, "each iteration's self-labels are recorded once");
    }

    @Test
    void aForkMidIterationTakesTheReferenceAndSelfLabelsAlong() throws Exception {
        Path cfg = project(1.0)[0];
        Path straight;
        Path child;
        try (EngineThread engine = new EngineThread()) {
            RunExecutor ex = RunFixtures.executor();
            straight = engine.call(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (m.step() == 5) {
                        ex.control().fork(c -> c); // the same settings: the fork must continue exactly as the parent
                    }
                }
            }).runDir());
            String fork = RunFixtures.events(straight).stream().filter(e -> e.contains("\"fork\"")).findFirst()
                    .orElseThrow();
            child = Path.of(fork.replaceAll(".*forked into (\\S+) from.*", "$1"));
            assertTrue(Files.isRegularFile(child.resolve("spa/iteration-2/pairs.jsonl")));
            assertTrue(Files.isRegularFile(child.resolve("references/stage-2/config.json")));
            engine.call(() -> RunFixtures.executor().resume(child, new RunListener() {}));
        }
        assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(child));
    }

    private static void assertSameResult(Path straight, Path resumed) throws Exception {
        assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(resumed));
        assertEquals(evalRows(straight), evalRows(resumed));
        assertEquals(winRows(straight), winRows(resumed), "the win rates, each once");
        for (int i = 1; i <= 2; i++) {
            String f = "spa/iteration-" + i + "/pairs.jsonl";
            assertEquals(Files.readString(straight.resolve(f)), Files.readString(resumed.resolve(f)));
        }
    }

    private static int resumedAt(Path dir) throws Exception {
        return nodes(RunFixtures.events(dir)).stream().filter(e -> e.get("type").asText().equals("resume"))
                .findFirst().orElseThrow().get("step").asInt();
    }

    private static List<String> winRows(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("eval_win_rate"))
                .toList();
    }

    private static List<String> evalRows(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("eval_loss")).toList();
    }

    private static List<JsonNode> nodes(List<String> lines) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : lines) {
            out.add(RunFixtures.JSON.readTree(l));
        }
        return out;
    }
}
