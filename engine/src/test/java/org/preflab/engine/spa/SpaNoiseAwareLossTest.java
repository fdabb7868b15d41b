package org.preflab.engine.spa;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.DpoSettings;
import org.preflab.engine.dpo.FrozenReference;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.LossMath;
import org.preflab.engine.spi.PreferenceLoss;
import org.preflab.engine.testing.Fixtures;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Objective;

/** SPA's noise-aware loss (algorithms.md §4c) against hand-computed values, and its threshold with the code's quirk. */
class SpaNoiseAwareLossTest {
    /** Only for DpoObjective's name: the noise-aware objective uses its scoring, never its loss. */
    private static final PreferenceLoss SIGMOID = new PreferenceLoss() {
        @Override
        public String id() {
            return "sigmoid";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public NDArray perPairLoss(LossInputs in) {
            return LossMath.logSigmoid(in.margin().mul(in.scalar(in.beta()))).neg();
        }
    };

    private static SpaSettings settings(double warmup, double alpha, double threshold, int window, double mu) {
        return new SpaSettings(0.1, 1, 2, 0.7, 1.0, 16, 1, threshold, alpha, warmup, mu, window);
    }

    /**
     * β = 0.5, h = (2, −1, 0.5), α_t = 0.1, pair 1 not confident: loss_0 = −logσ(1) = log(1+e^−1); loss_1 =
     * −0.9·logσ(−0.5) − 0.1·logσ(0.5); loss_2 = −logσ(0.25). dloss_1/dh = −0.9·β·σ(0.5) + 0.1·β·σ(−0.5).
     */
    @Test
    void perPairLossMatchesHandComputedValuesAndGradients() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray h = m.create(new float[] {2f, -1f, 0.5f});
            h.setRequiresGradient(true);
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                NDArray loss = NoiseAwareObjective.perPairLoss(h, new float[] {1, 0, 1}, 0.1, 0.5);
                assertArrayEquals(new float[] {0.31326169f, 0.92407698f, 0.57593942f}, loss.toFloatArray(), 1e-6f);
                gc.backward(loss.sum());
            }
            float[] g = h.getGradient().toFloatArray();
            assertEquals(-0.13447071, g[0], 1e-6, "a confident pair has DPO's gradient −β·σ(−βh)");
            assertEquals(-0.26122967, g[1], 1e-6, "the soft label weakens the push");
            // In warm-up (α_t = 0) every pair has plain DPO's loss
            NDArray warm = NoiseAwareObjective.perPairLoss(m.create(new float[] {-1f}), new float[] {0}, 0, 0.5);
            assertEquals(-Math.log(1 / (1 + Math.exp(0.5))), warm.getFloat(0), 1e-6);
        }
    }

    @Test
    void confidenceIsStrictlyAboveTheThreshold() {
        assertArrayEquals(new float[] {1, 0, 0}, NoiseAwareObjective.confidence(new float[] {3, 2, -1}, 0.5, 1.0));
    }

    /** window 4, K = 0.25: τ is the mean of sorted[1] and sorted[2] over every value recorded so far. */
    @Test
    void thresholdKeepsTheCodesQuirk() {
        MarginThreshold t = new MarginThreshold(4, 0.25);
        assertEquals(0, t.record(0.5));
        assertEquals(0, t.record(-1.0));
        assertEquals(0, t.record(2.0), "0 until the window is full");
        assertEquals(0.25, t.record(0.0), 1e-12, "sorted (-1, 0, 0.5, 2): (0 + 0.5) / 2");
        assertEquals(-0.5, t.record(-3.0), 1e-12, "all five sorted (-3, -1, 0, 0.5, 2): (-1 + 0) / 2, drifting low");
        MarginThreshold again = new MarginThreshold(4, 0.25);
        again.restore(t.values());
        assertEquals(t.threshold(), again.threshold(), "the recorded values are the whole state");
        MarginThreshold one = new MarginThreshold(1, 0);
        assertEquals(7.0, one.record(7.0), "the second index is clamped to the list");
    }

    @Test
    void objectiveIsPlainDpoInWarmUpAndSoftensUnconfidentPairsAfter() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM policy = ModelIO.load(Fixtures.fixture("stories260k"), root);
                TransformerLM ref = ModelIO.load(Fixtures.fixture("stories260k"), root)) {
            perturb(policy);
            List<PairExample> pairs = pairs(4, policy.config().vocabSize());
            DpoSettings dpo = DpoSettings.defaults();
            DpoObjective scoring = new DpoObjective(CombinedLoss.of(SIGMOID), dpo, new FrozenReference(ref, root, 0),
                    0);
            double beta = dpo.beta();
            // window 1, K = 0: τ is the micro-batch's own mean margin, so pairs at or below it are not confident
            NoiseAwareObjective obj = new NoiseAwareObjective(scoring, settings(0.5, 0.2, 0, 1, 1.0), null, 0);
            int[] step = {0};
            obj.follow(() -> step[0], 4); // warm-up: steps 0 and 1
            try (NDManager m = root.newSubManager()) {
                float[] h = scoring.score(policy, pairs, m, false).inputs().margin().toFloatArray();
                Objective.Output warm = obj.compute(policy, pairs, m);
                assertArrayEquals(h, obj.lastDecoupledMargins(), "decouple 1: h̃ is h, exactly");
                double dpoLoss = 0;
                double mean = 0;
                for (float v : h) {
                    dpoLoss += -logSigmoid(beta * v) / h.length;
                    mean += beta * v / h.length;
                }
                assertEquals(dpoLoss, warm.loss().getFloat(), 1e-5);
                assertEquals(0f, warm.metrics().get(MetricNames.SPA_ALPHA).getFloat());
                step[0] = 2;
                Objective.Output after = obj.compute(policy, pairs, m);
                double tau = obj.threshold().threshold();
                assertEquals(mean, tau, 1e-6, "the second record is the same mean, and τ is their mean");
                double expected = 0;
                int confident = 0;
                for (float v : h) {
                    boolean c = beta * v > tau;
                    confident += c ? 1 : 0;
                    double w = c ? 0 : 0.2;
                    expected += (-(1 - w) * logSigmoid(beta * v) - w * logSigmoid(-beta * v)) / h.length;
                }
                assertTrue(confident > 0 && confident < h.length, "a mix of confident and unconfident pairs");
                assertEquals(expected, after.loss().getFloat(), 1e-5);
                assertEquals(0.2f, after.metrics().get(MetricNames.SPA_ALPHA).getFloat(), 1e-7f);
                assertEquals((float) tau, after.metrics().get(MetricNames.SPA_THRESHOLD).getFloat(), 1e-6f);
                assertEquals(confident / (float) h.length,
                        after.metrics().get(MetricNames.SPA_CONFIDENT_FRACTION).getFloat(), 1e-7f);
            }
        }
    }

    /** The decoupled margin from mixed logits: μ = 1 reproduces h, μ != 1 extrapolates away from the reference. */
    @Test
    void decoupledLogitsNeedTheReferenceModelAndReduceToHAtMuOne() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM policy = ModelIO.load(Fixtures.fixture("stories260k"), root);
                TransformerLM ref = ModelIO.load(Fixtures.fixture("stories260k"), root)) {
            perturb(policy);
            List<PairExample> pairs = pairs(3, policy.config().vocabSize());
            DpoObjective scoring = new DpoObjective(CombinedLoss.of(SIGMOID), DpoSettings.defaults(),
                    new FrozenReference(ref, root, 0), 0);
            assertThrows(IllegalArgumentException.class,
                    () -> new NoiseAwareObjective(scoring, settings(0.2, 0.1, 0.1, 50, 1.5), null, 0));
            try (NDManager m = root.newSubManager()) {
                float[] h = scoring.score(policy, pairs, m, false).inputs().margin().toFloatArray();
                NoiseAwareObjective one = new NoiseAwareObjective(scoring, settings(0.2, 0.1, 0.1, 50, 1.0), ref, 0);
                assertArrayEquals(h, one.decoupledMargin(policy, pairs, m), 1e-5f,
                        "mixing with μ = 1 is the policy's own logits");
                NoiseAwareObjective mu = new NoiseAwareObjective(scoring, settings(0.2, 0.1, 0.1, 50, 1.5), ref, 0);
                float[] hTilde = mu.decoupledMargin(policy, pairs, m);
                mu.compute(policy, pairs, m);
                assertArrayEquals(hTilde, mu.lastDecoupledMargins());
                for (int i = 0; i < h.length; i++) {
                    assertNotEquals(h[i], hTilde[i], 1e-6f);
                    assertTrue(Float.isFinite(hTilde[i]));
                }
            }
        }
    }

    private static double logSigmoid(double u) {
        return Math.min(u, 0) - Math.log1p(Math.exp(-Math.abs(u)));
    }

    /** Moves the policy away from the reference, so margins are not all 0. */
    private static void perturb(TransformerLM lm) {
        SplittableRandom r = new SplittableRandom(3);
        for (NDArray p : lm.parameters().values()) {
            float[] v = p.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (0.05 * (r.nextDouble() - 0.5));
            }
            p.set(v);
        }
    }

    private static List<PairExample> pairs(int n, int vocab) {
        SplittableRandom r = new SplittableRandom(7);
        List<PairExample> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PairExample(i, ids(r, 1 + r.nextInt(4), vocab), ids(r, 2 + r.nextInt(5), vocab),
                    ids(r, 2 + r.nextInt(5), vocab)));
        }
        return out;
    }

    private static long[] ids(SplittableRandom r, int n, int vocab) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = 1 + r.nextInt(vocab - 1);
        }
        return out;
    }
}
