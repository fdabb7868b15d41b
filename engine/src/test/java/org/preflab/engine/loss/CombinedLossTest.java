package org.preflab.engine.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

class CombinedLossTest {
    /** loss_i = -policyChosen_i: mean gradient -1/B on y_c. */
    static final class ChosenNll implements PreferenceLoss {
        @Override public String id() { return "chosen_nll"; }
        @Override public String description() { return "test: -logp(y_c)"; }
        @Override public NDArray perPairLoss(LossInputs in) { return in.policyChosen().neg(); }
    }

    /** loss_i = h_i^2: mean gradient 2h/B on y_c and -2h/B on y_r. */
    static final class MarginSquared implements PreferenceLoss {
        @Override public String id() { return "margin_sq"; }
        @Override public String description() { return "test: h^2"; }
        @Override public NDArray perPairLoss(LossInputs in) { return in.margin().square(); }
    }

    private static PreferenceLosses registry() {
        return new PreferenceLosses().register(new ChosenNll()).register(new MarginSquared());
    }

    // h = {1 - 0.5, 0 - 2} = {0.5, -2}
    private static final PairLogps PAIRS = new PairLogps(new double[] {-2, -5}, new double[] {-3, -4},
            new double[] {-3, -5}, new double[] {-3.5, -6}, new double[] {4, 4}, new double[] {4, 4});

    @Test
    void totalIsTheWeightedSumOfMeans() {
        CombinedLoss loss = CombinedLoss.of(registry(), List.of("chosen_nll", "margin_sq"), List.of(1.0, 0.5));
        LossEvaluation r = LossEvaluator.evaluateOnce(loss, PAIRS, 0.1, 0, 0.05);
        double nllMean = (2 + 5) / 2.0;
        double marginSqMean = (0.25 + 4) / 2.0;
        assertEquals(nllMean + 0.5 * marginSqMean, r.loss(), 1e-6);
        assertArrayEquals(new double[] {2 + 0.5 * 0.25, 5 + 0.5 * 4}, r.perPair(), 1e-6);
        // d/dpc_i = (-1 + 0.5 * 2h_i) / B; d/dpr_i = 0.5 * (-2h_i) / B
        assertArrayEquals(new double[] {(-1 + 0.5) / 2, (-1 - 2) / 2.0}, r.gradPolicyChosen(), 1e-6);
        assertArrayEquals(new double[] {-0.5 / 2, 2.0 / 2}, r.gradPolicyRejected(), 1e-6);
        assertEquals(List.of("chosen_nll", "margin_sq"), loss.ids());
        assertEquals("1.0·chosen_nll + 0.5·margin_sq", loss.toString());
    }

    @Test
    void missingWeightsMeanOneEach() {
        CombinedLoss loss = CombinedLoss.of(registry(), List.of("margin_sq", "chosen_nll"), null);
        assertArrayEquals(new double[] {1, 1}, loss.weights());
    }

    @Test
    void rejectsBadInputQuotingIt() {
        PreferenceLosses reg = registry();
        assertEquals("unknown loss type 'sigmod'; known: chosen_nll, margin_sq",
                message(() -> CombinedLoss.of(reg, List.of("margin_sq", "sigmod"), null)));
        assertEquals("2 weights for 3 loss types", message(() -> new CombinedLoss(
                List.of(new ChosenNll(), new MarginSquared(), new ChosenNll()), new double[] {1, 2})));
        assertEquals("1 weight for 2 loss types",
                message(() -> CombinedLoss.of(reg, List.of("margin_sq", "chosen_nll"), List.of(1.0))));
        assertEquals("loss type 'margin_sq' is listed twice",
                message(() -> CombinedLoss.of(reg, List.of("margin_sq", "margin_sq"), null)));
        assertEquals("weight -1.0 for loss type 'chosen_nll' must be a finite number >= 0",
                message(() -> CombinedLoss.of(reg, List.of("chosen_nll"), List.of(-1.0))));
        assertEquals("weight NaN for loss type 'chosen_nll' must be a finite number >= 0",
                message(() -> CombinedLoss.of(reg, List.of("chosen_nll"), List.of(Double.NaN))));
        assertEquals("no loss type given", message(() -> CombinedLoss.of(reg, List.of(), null)));
    }

    @Test
    void pairLogpsNamesTheJsonField() {
        double[] two = {1, 2};
        assertEquals("field 'reference_rejected' has 3 values but 'policy_chosen' has 2", message(() ->
                new PairLogps(two, two, two, new double[] {1, 2, 3}, two, two)));
        assertEquals("missing field 'chosen_lengths'", message(() -> new PairLogps(two, two, two, two, null, two)));
        assertEquals("field 'rejected_lengths'[1] is 2.5: a token count must be a whole number >= 0",
                message(() -> new PairLogps(two, two, two, two, two, new double[] {1, 2.5})));
        assertEquals("field 'policy_rejected'[0] is NaN: not a finite number",
                message(() -> new PairLogps(two, new double[] {Double.NaN, 1}, two, two, two, two)));
        assertEquals("field 'reference_chosen'[1] is 1.0E39: too large for fp32, in which losses run",
                message(() -> new PairLogps(two, two, new double[] {1, 1e39}, two, two, two)));
        assertEquals("field 'policy_chosen' is empty: there are no pairs", message(() -> {
            double[] none = {};
            new PairLogps(none, none, none, none, none, none);
        }));
        assertEquals("[1.0, 2.0]", Arrays.toString(new PairLogps(two, two, two, two, two, two).policyChosen()));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
