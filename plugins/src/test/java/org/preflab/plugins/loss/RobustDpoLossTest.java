package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;

class RobustDpoLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            for (double eps : new double[] {0, 0.1, 0.3}) {
                VariantCheck.verify(new RobustDpoLoss(), beta, eps, 0.05, p -> each(p, i -> {
                    double u = beta * h(p, i);
                    return (-(1 - eps) * logSigmoid(u) + eps * logSigmoid(-u)) / (1 - 2 * eps);
                }));
            }
        }
    }

    @Test
    void labelSmoothingMustBeBelowHalf() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossEvaluator.evaluateOnce(
                CombinedLoss.of(new RobustDpoLoss()), VariantCheck.PAIRS, 0.1, 0.5, 0.05));
        assertEquals("loss 'robust' needs 0 <= label_smoothing < 0.5, got 0.5", e.getMessage());
    }
}
