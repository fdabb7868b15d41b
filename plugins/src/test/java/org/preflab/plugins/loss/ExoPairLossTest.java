package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;

class ExoPairLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            for (double eps : new double[] {1e-3, 0.2}) {
                VariantCheck.verify(new ExoPairLoss(), beta, eps, 0.05, p -> each(p, i -> {
                    double u = beta * h(p, i);
                    return sigmoid(u) * (logSigmoid(u) - Math.log(1 - eps))
                            + sigmoid(-u) * (logSigmoid(-u) - Math.log(eps));
                }));
            }
        }
    }

    @Test
    void needsPositiveLabelSmoothing() {
        // TRL silently replaced 0 by 1e-3; we say so instead.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossEvaluator.evaluateOnce(
                CombinedLoss.of(new ExoPairLoss()), VariantCheck.PAIRS, 0.1, 0, 0.05));
        assertEquals("loss 'exo_pair' needs 0 < label_smoothing < 1 (1e-3 is recommended), got 0.0", e.getMessage());
    }
}
