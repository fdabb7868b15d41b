package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.compute.TokenBatch;
import org.preflab.engine.reward.RewardHead;
import org.preflab.engine.reward.SequenceRewards;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.testing.Fixtures;

/**
 * Pairs scored with the prompt fed once ({@link PairBatch}) give the log-probs, statistics and parameter gradients
 * that scoring [prompt, chosen] and [prompt, rejected] as separate rows gives: every family (learned positions, RoPE
 * with grouped queries, NeoX's partial rotary, Qwen2's biases), with libtorch's fused kernels and with DJL's ops, and
 * pairs of unequal lengths, one-token and empty completions among them. A reward model's rewards likewise.
 */
class PairLayoutTest {
    /** {prompt, chosen, rejected} lengths. */
    private static final int[][] SHAPES = {{4, 6, 3}, {1, 1, 5}, {9, 2, 2}, {3, 0, 4}, {6, 7, 1}};

    @ParameterizedTest
    @CsvSource({"tiny-gpt2,true", "tiny-gpt2,false", "tiny-llama,true", "tiny-llama,false", "tiny-neox/parallel,true",
        "tiny-qwen2,true", "tiny-qwen2,false"})
    void samePairsSameNumbersAsSeparateRows(String name, boolean fused) throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = model(name, root)) {
            lm.useFusedOps(fused);
            List<PairBatch.Pair> pairs = pairs(lm.config().vocabSize(), 11);
            Scored rows = scoreRows(lm, root, pairs);
            Scored shared = scoreShared(lm, root, pairs);
            assertArrayEquals(rows.sums, shared.sums, 2e-5f, name + " log-probs");
            assertArrayEquals(rows.entropy, shared.entropy, 2e-5f, name + " entropy sums");
            assertArrayEquals(rows.logitMean, shared.logitMean, 2e-5f, name + " logit-mean sums");
            assertEquals(0f, shared.sums[3], "the empty chosen completion scores 0");
            assertGradientsEqual(rows, shared, name);
        }
    }

    private static void assertGradientsEqual(Scored rows, Scored shared, String name) {
        assertEquals(rows.grads.keySet(), shared.grads.keySet());
        for (String p : rows.grads.keySet()) {
            float[] a = rows.grads.get(p);
            float[] b = shared.grads.get(p);
            float scale = 0;
            for (float v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(a, b, 1e-4f * Math.max(scale, 1f), name + " gradient of " + p);
        }
    }

    /** A reward model reads each side's last state: the same rewards and gradients as separate rows. */
    @ParameterizedTest
    @CsvSource({"tiny-gpt2,true", "tiny-llama,true", "tiny-llama,false"})
    void rewardsOfPairsAsOfSeparateRows(String name, boolean fused) throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = model(name, root);
                RewardHead head = new RewardHead(root, lm.config().hidden(), 3)) {
            lm.useFusedOps(fused);
            List<PairBatch.Pair> pairs = pairs(lm.config().vocabSize(), 12);
            List<long[]> seqs = new ArrayList<>();
            pairs.forEach(p -> seqs.add(SequenceRewards.concat(p.prompt(), p.chosen())));
            pairs.forEach(p -> seqs.add(SequenceRewards.concat(p.prompt(), p.rejected())));
            Scored rows = withGradients(lm, root, m -> rewards(SequenceRewards.of(lm, head, seqs, 1, m)));
            Scored shared = withGradients(lm, root, m -> rewards(SequenceRewards.ofPairs(lm, head, pairs, 1, m)));
            assertArrayEquals(rows.sums, shared.sums, 2e-5f, name + " rewards");
            assertGradientsEqual(rows, shared, name);
        }
    }

    private static SequenceLogProbs rewards(NDArray r) {
        return new SequenceLogProbs(r, r.onesLike(), r.zerosLike(), r.zerosLike());
    }

    @Test
    void layoutOfOnePair() throws Exception {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            PairBatch b = PairBatch.of(m, List.of(new PairBatch.Pair(new long[] {5, 6}, new long[] {7, 8},
                    new long[] {9})), 0);
            assertArrayEquals(new long[] {5, 6, 7}, b.fed().ids().toLongArray());
            assertArrayEquals(new long[] {0, 1, 2}, b.fed().positions().toLongArray());
            float x = TransformerLM.MASKED;
            assertArrayEquals(new float[] {0, x, x, 0, 0, x, 0, 0, 0}, b.fed().bias().toFloatArray());
            assertArrayEquals(new long[] {1, 2, 1, 0}, b.rows().toLongArray(), "chosen from 6, 7; rejected from 6");
            assertArrayEquals(new long[] {7, 8, 9, 0}, b.labels().toLongArray());
            assertArrayEquals(new float[] {1, 1, 1, 0}, b.mask().toFloatArray());
            assertArrayEquals(new float[] {2, 1}, b.completionLengths().toFloatArray());

            // a rejected token sees the prompt and itself, never the chosen tokens; positions restart after the prompt
            PairBatch two = PairBatch.of(m, List.of(new PairBatch.Pair(new long[] {1}, new long[] {2, 3, 4},
                    new long[] {5, 6})), 0);
            assertArrayEquals(new long[] {1, 2, 3, 5}, two.fed().ids().toLongArray());
            assertArrayEquals(new long[] {0, 1, 2, 1}, two.fed().positions().toLongArray());
            float[] row3 = java.util.Arrays.copyOfRange(two.fed().bias().toFloatArray(), 12, 16);
            assertArrayEquals(new float[] {0, x, x, 0}, row3);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            // every token fed for a reward model: each side's last token, the prompt's last for an empty side
            PairBatch.Whole w = PairBatch.Whole.of(m, List.of(new PairBatch.Pair(new long[] {5, 6}, new long[] {7, 8},
                    new long[] {9}), new PairBatch.Pair(new long[] {4}, new long[0], new long[] {3})), 0);
            assertArrayEquals(new long[] {5, 6, 7, 8, 9, 4, 3, 0, 0, 0}, w.fed().ids().toLongArray());
            assertArrayEquals(new long[] {0, 1, 2, 3, 2, 0, 1, 0, 0, 0}, w.fed().positions().toLongArray());
            assertArrayEquals(new long[] {3, 5, 4, 6}, w.last().toLongArray());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new PairBatch.Pair(new long[0], new long[] {1}, new long[] {2}));
    }

    private static TransformerLM model(String name, NDManager root) throws Exception {
        return name.startsWith("tiny-qwen2") || name.startsWith("tiny-neox")
                ? ModelIO.load(Path.of("src/test/resources/fixtures", name), root) : Fixtures.model(name, root);
    }

    private static List<PairBatch.Pair> pairs(int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<PairBatch.Pair> out = new ArrayList<>();
        for (int[] s : SHAPES) {
            out.add(new PairBatch.Pair(r.ints(s[0], 0, vocab).asLongStream().toArray(),
                    r.ints(s[1], 0, vocab).asLongStream().toArray(), r.ints(s[2], 0, vocab).asLongStream().toArray()));
        }
        return out;
    }

    private record Scored(float[] sums, float[] entropy, float[] logitMean, Map<String, float[]> grads) {}

    /** Chosen sequences then rejected ones, each [prompt, completion] in its own row. */
    private static Scored scoreRows(TransformerLM lm, NDManager root, List<PairBatch.Pair> pairs) {
        List<ScoredSequence> seqs = new ArrayList<>();
        pairs.forEach(p -> seqs.add(new ScoredSequence(p.prompt(), p.chosen())));
        pairs.forEach(p -> seqs.add(new ScoredSequence(p.prompt(), p.rejected())));
        return withGradients(lm, root, m -> SequenceScorer.score(lm, TokenBatch.of(m, seqs, 1), true));
    }

    private static Scored scoreShared(TransformerLM lm, NDManager root, List<PairBatch.Pair> pairs) {
        return withGradients(lm, root, m -> SequenceScorer.score(lm, PairBatch.of(m, pairs, 1), true));
    }

    /** Scores, and backpropagates a loss that weighs every sequence differently, so no gradient cancels by luck. */
    private static Scored withGradients(TransformerLM lm, NDManager root,
            java.util.function.Function<NDManager, SequenceLogProbs> score) {
        lm.parameters().values().forEach(p -> p.setRequiresGradient(true));
        try (NDManager m = root.newSubManager()) {
            SequenceLogProbs lp;
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                lp = score.apply(m);
                int n = (int) lp.sum().size();
                float[] w = new float[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (i % 2 == 0 ? 1f : -0.5f) * (1 + i);
                }
                gc.backward(lp.sum().mul(m.create(w)).sum());
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            lm.parameters().forEach((k, p) -> grads.put(k, p.getGradient().toFloatArray()));
            Scored out = new Scored(lp.sum().toFloatArray(), lp.entropySum().toFloatArray(),
                    lp.logitMeanSum().toFloatArray(), grads);
            lm.dropGradients();
            return out;
        } finally {
            lm.parameters().values().forEach(p -> p.setRequiresGradient(false));
        }
    }
}
