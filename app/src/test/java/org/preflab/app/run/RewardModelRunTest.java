package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.cli.CliRun;
import org.preflab.engine.io.SafetensorsReader;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.oracle.OracleSettings;
import org.preflab.engine.oracle.Oracles;
import org.preflab.engine.reward.RewardHead;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.train.StepMetrics;

/**
 * Method reward trains a Bradley-Terry head on kind vs unkind story endings; its checkpoint is the reward_model
 * oracle, which then prefers a kind ending it never saw.
 */
class RewardModelRunTest {
    @TempDir Path tmp;

    /** A reward-model config over {@code n} fixture pairs. */
    private ObjectNode config(int n, int steps) throws IOException {
        ObjectNode cfg = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", n, 3), steps);
        cfg.put("name", "test-reward");
        cfg.put("method", "reward");
        cfg.remove("dpo");
        ((ObjectNode) cfg.get("train")).put("learning_rate", 2e-3);
        return cfg;
    }

    @Test
    void rewardRunLearnsThePreferenceAndItsCheckpointJudgesNewPairs() throws Exception {
        ObjectNode c = config(16, 8); // the endings separate within about 5 steps at this rate
        ((ObjectNode) c.get("data")).put("eval_fraction", 0.25);
        ((ObjectNode) c.get("train")).put("checkpoint_every", 0); // only the final one: the reward model
        c.put("eval_every", 4);
        CliRun cli = CliRun.of("run", RunFixtures.write(tmp, c).toString()); // as a user runs it: `preflab run`
        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().contains("eval at step 8: loss "), cli.out());
        Path dir = Path.of(cli.out().lines().filter(l -> l.startsWith("run folder: ")).findFirst().orElseThrow()
                .substring("run folder: ".length()));

        List<JsonNode> rows = RunFixtures.trainingRows(dir).stream().map(RewardModelRunTest::json).toList();
        assertEquals(8, rows.size());
        for (String name : List.of("loss", "accuracy", "rewards/chosen", "rewards/rejected", "margin", "grad_norm")) {
            assertTrue(rows.get(0).has(name), "metric " + name + " in " + rows.get(0));
        }
        assertEquals(Math.log(2), rows.get(0).get("loss").asDouble(), 0.05, "a fresh head scores both sides alike");
        assertTrue(mean(rows.subList(6, 8), "loss") < mean(rows.subList(0, 2), "loss") - 0.3, "loss falls: " + rows);
        assertTrue(mean(rows.subList(6, 8), "accuracy") > mean(rows.subList(0, 2), "accuracy"), "accuracy rises");
        List<JsonNode> evals = Files.readAllLines(dir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("eval_accuracy")).map(RewardModelRunTest::json).toList();
        assertEquals(2, evals.size(), "evaluations at steps 4 and 8");
        assertEquals(1.0, evals.get(1).get("eval_accuracy").asDouble(), "held-out pairs ranked right: " + evals.get(1));
        assertTrue(evals.get(1).has("eval_margin") && evals.get(1).has("eval_loss"), evals.get(1).toString());

        Path ckpt = dir.resolve("checkpoints/step-000008");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "objective.safetensors")) {
            assertTrue(Files.isRegularFile(ckpt.resolve(f)), f);
        }
        Map<String, Tensor> head = SafetensorsReader.read(ckpt.resolve("objective.safetensors")).tensors();
        assertArrayEquals(new long[] {1, 64}, head.get(RewardHead.WEIGHT).shape());
        assertArrayEquals(new long[] {1}, head.get(RewardHead.BIAS).shape());

        // Called from this (non-engine) thread on purpose: the oracle computes on its caller with grad mode off.
        try (PreferenceOracle oracle = rewardOracle(ckpt)) {
            String prompt = "Once upon a time, there was a little girl named Ann.";
            String kind = " Ann helped the little bird.";
            String unkind = " Ann ran away from the park.";
            ai.djl.pytorch.jni.JniUtils.setGradMode(true); // libtorch's default on a thread other than the engine's
            double r = oracle.score(prompt, kind);
            assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "the caller's grad mode is restored");
            assertEquals(r, oracle.score(prompt, kind), 0.0, "deterministic");
            assertTrue(r > oracle.score(prompt, unkind), "kind beats unkind");
            Judgement j = oracle.judge(new Comparison("q1", prompt, unkind, kind)).get();
            assertEquals(Judgement.Verdict.B, j.verdict(), j.toString());
            assertEquals(r, j.scoreB(), 1e-5, "judge and score tokenize alike");
            assertTrue(oracle.describe().contains(ckpt.toString()));
        }
    }

    @Test
    void aFolderWithoutTheHeadIsRefusedByName() {
        Path plain = RunFixtures.model();
        IOException e = assertThrows(IOException.class, () -> rewardOracle(plain));
        assertEquals(plain + " has no reward head (objective.safetensors with reward_head.weight): train one with "
                + "method reward", e.getMessage());
    }

    @Test
    void stoppedRewardRunResumesToTheSameMetricsWithCentredRewards() throws Exception {
        ObjectNode c = config(12, 6);
        c.putObject("reward").put("center_rewards_coefficient", 0.01);
        ((ObjectNode) c.get("data")).put("eval_fraction", 0.25);
        c.put("eval_every", 3);
        Path cfg = RunFixtures.write(tmp, c);
        Path straight = PreferenceRunTest.run(cfg);
        try (EngineThread engine = new EngineThread()) {
            RunExecutor ex = RunFixtures.executor();
            Path dir = engine.call(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (m.step() == 2) {
                        ex.control().stop(); // honoured at the next boundary, after a checkpoint
                    }
                }
            }).runDir());
            assertEquals(2, RunFixtures.trainingRows(dir).size());
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
            assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(dir));
            assertEquals(evalRows(straight), evalRows(dir));
            assertEquals(head(straight), head(dir), "the resumed head ends where the uninterrupted one does");
        }
        for (String line : Files.readAllLines(straight.resolve("evals/step-000006.jsonl"))) {
            JsonNode p = json(line); // each pair's loss is −log σ(r_c − r_r) + 0.01·(r_c + r_r)², as in TRL
            double rc = p.get("reward_chosen").asDouble();
            double rr = p.get("reward_rejected").asDouble();
            double want = Math.log1p(Math.exp(-(rc - rr))) + 0.01 * (rc + rr) * (rc + rr);
            assertEquals(want, p.get("loss").asDouble(), 1e-4 * Math.max(1, want), line);
        }
    }

    @Test
    void anAplRunAsksTheRewardModelOnTheEngineThread() throws Exception {
        ObjectNode rm = config(8, 2);
        ((ObjectNode) rm.get("train")).put("checkpoint_every", 0);
        Path ckpt = PreferenceRunTest.run(RunFixtures.write(tmp, rm)).resolve("checkpoints/step-000002");

        ObjectNode c = AplRunTest.aplConfig(RunFixtures.pairs(tmp, "pool.jsonl", 20, 4), "random");
        ((ObjectNode) c.get("apl")).putArray("budgets").add(4);
        ((ObjectNode) c.get("train")).put("epochs", 1);
        ObjectNode o = c.putObject("oracle");
        o.put("type", "reward_model");
        o.put("model", tmp.relativize(ckpt).toString()); // relative to experiment.json, as a user writes it
        Path dir = PreferenceRunTest.run(RunFixtures.write(tmp, c));

        List<String> labels = Files.readAllLines(dir.resolve("apl/labels.jsonl"));
        assertTrue(labels.size() >= 4 && labels.stream().allMatch(l -> l.contains("reward model: A ")), labels.toString());
        JsonNode eval = Files.readAllLines(dir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("eval_win_rate"))
                .map(RewardModelRunTest::json).findFirst().orElseThrow();
        assertTrue(Double.isFinite(eval.get("eval_oracle_reward").asDouble()), "the oracle scores: " + eval);
    }

    private static PreferenceOracle rewardOracle(Path checkpoint) throws IOException {
        OracleSettings s = new OracleSettings("reward_model", List.of(), 0.0, checkpoint.toString(),
                OracleSettings.Swap.RANDOM);
        return Oracles.create(s, new OracleProvider.Context(null, null, List.of(), 0.0, checkpoint, Map.of()));
    }

    private static List<Float> head(Path run) throws IOException {
        float[] w = SafetensorsReader.read(run.resolve("checkpoints/step-000006/objective.safetensors")).tensors()
                .get(RewardHead.WEIGHT).data();
        List<Float> out = new java.util.ArrayList<>();
        for (float f : w) {
            out.add(f);
        }
        return out;
    }

    private static List<String> evalRows(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("eval_loss")).toList();
    }

    private static double mean(List<JsonNode> rows, String name) {
        return rows.stream().mapToDouble(r -> r.get(name).asDouble()).average().orElseThrow();
    }

    private static JsonNode json(String line) {
        try {
            return RunFixtures.JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
