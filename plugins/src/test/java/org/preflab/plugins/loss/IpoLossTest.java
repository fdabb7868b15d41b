package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;

class IpoLossTest {
    @Test
    void matchesTheFormulaOnLengthAveragedMargins() {
        for (double beta : new double[] {0.1, 1.0, 10.0}) {
            VariantCheck.verify(new IpoLoss(), beta, 0, 0.05,
                    p -> each(p, i -> square(hNorm(p, i) - 1 / (2 * beta))));
        }
    }

    @Test
    void anEmptyCompletionCountsAsOneToken() {
        // Pair 2 has L_c = 0; without the clamp h̄ would be infinite (trl#1033).
        double[] perPair = LossEvaluator.evaluateOnce(CombinedLoss.of(new IpoLoss()), VariantCheck.PAIRS, 0.1, 0,
                0.05).perPair();
        double hNorm = 0.375 / 1 - 0.5 / 3;
        VariantCheck.assertClose(square(hNorm - 5), perPair[2], "pair 2");
    }

    private static double square(double x) {
        return x * x;
    }
}
