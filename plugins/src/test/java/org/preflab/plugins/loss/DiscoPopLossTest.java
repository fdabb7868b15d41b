package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;

class DiscoPopLossTest {
    /** TRL's form, literally: m·exp(−u) as written (the implementation uses exp(log σ(u/τ) − u)). */
    private static double[] formula(PairLogps p, double beta, double tau) {
        return each(p, i -> {
            double u = beta * h(p, i);
            double m = sigmoid(u / tau);
            return (1 - m) * -logSigmoid(u) + m * Math.exp(-u);
        });
    }

    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            for (double tau : new double[] {0.05, 1.0}) {
                VariantCheck.verify(new DiscoPopLoss(), beta, 0, tau, p -> formula(p, beta, tau));
            }
        }
    }

    @Test
    void staysFiniteWhereTheLiteralFormIsNaN() {
        // u = βh = -200: exp(200) overflows fp32, and TRL's m·exp(−u) is 0·∞. The true value is ≈ −u = 200.
        double[] one = {0};
        double[] len = {1};
        PairLogps wrong = new PairLogps(new double[] {-200}, one, one, one, len, len);
        var r = LossEvaluator.evaluateOnce(CombinedLoss.of(new DiscoPopLoss()), wrong, 1, 0, 0.05);
        assertEquals(200, r.loss(), 1e-4);
        assertEquals(-1, r.gradPolicyChosen()[0], 1e-6);
    }
}
