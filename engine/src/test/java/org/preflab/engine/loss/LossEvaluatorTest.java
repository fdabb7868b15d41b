package org.preflab.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

class LossEvaluatorTest {
    private static final PairLogps PAIRS = new PairLogps(new double[] {-2, -5, -1}, new double[] {-3, -4, -7},
            new double[] {-3, -5, -1.5}, new double[] {-3.5, -6, -6}, new double[] {4, 0, 2},
            new double[] {4, 3, 0});

    /** Uses every input, lengths included, so every array the evaluator creates takes part. */
    static final class NormalisedMarginSquared implements PreferenceLoss {
        @Override public String id() { return "norm_margin_sq"; }
        @Override public String description() { return "test: h_norm^2"; }
        @Override public NDArray perPairLoss(LossInputs in) { return in.normalisedMargin().square(); }
    }

    static final class Failing implements PreferenceLoss {
        @Override public String id() { return "failing"; }
        @Override public String description() { return "test: throws mid-graph"; }
        @Override public NDArray perPairLoss(LossInputs in) {
            in.margin();
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void leavesNoArrayBehind() {
        DjlRuntime.engine();
        try (NDManager base = NDManager.newBaseManager()) {
            NDArray keep = base.create(new float[] {1f});
            int before = base.getManagedArrays().size();
            LossEvaluator evaluator = new LossEvaluator(base);
            for (int i = 0; i < 3; i++) {
                evaluator.evaluate(CombinedLoss.of(new NormalisedMarginSquared()), PAIRS, 0.1, 0, 0.05);
            }
            assertEquals(before, base.getManagedArrays().size(), "arrays left in the caller's manager");
            assertEquals(1f, keep.getFloat());
        }
    }

    @Test
    void gradientOfAKnownLoss() {
        // h̄_i = s_c/L_c - s_r/L_r with L clamped to >= 1: s_c = {1, 0, 0.5}, s_r = {0.5, 2, -1}
        double[] lc = {4, 1, 2};
        double[] lr = {4, 3, 1};
        double[] sc = {1, 0, 0.5};
        double[] sr = {0.5, 2, -1};
        LossEvaluation r = LossEvaluator.evaluateOnce(CombinedLoss.of(new NormalisedMarginSquared()), PAIRS,
                0.1, 0, 0.05);
        double mean = 0;
        for (int i = 0; i < 3; i++) {
            double hn = sc[i] / lc[i] - sr[i] / lr[i];
            mean += hn * hn / 3;
            assertEquals(hn * hn, r.perPair()[i], 1e-6);
            assertEquals(2 * hn / lc[i] / 3, r.gradPolicyChosen()[i], 1e-6);
            assertEquals(-2 * hn / lr[i] / 3, r.gradPolicyRejected()[i], 1e-6);
        }
        assertEquals(mean, r.loss(), 1e-6);
    }

    @Test
    void closesTheCollectorWhenALossThrows() {
        DjlRuntime.engine();
        try (NDManager base = NDManager.newBaseManager()) {
            int before = base.getManagedArrays().size();
            LossEvaluator evaluator = new LossEvaluator(base);
            assertThrows(IllegalStateException.class,
                    () -> evaluator.evaluate(CombinedLoss.of(new Failing()), PAIRS, 0.1, 0, 0.05));
            // A second collector opens only if the first was closed ("already collecting" otherwise).
            LossEvaluation r = evaluator.evaluate(CombinedLoss.of(new NormalisedMarginSquared()), PAIRS, 0.1, 0,
                    0.05);
            assertEquals(3, r.gradPolicyChosen().length);
            assertEquals(before, base.getManagedArrays().size());
        }
    }
}
