package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;

class ConservativeDpoLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            for (double eps : new double[] {0, 0.1, 0.4}) {
                VariantCheck.verify(new ConservativeDpoLoss(), beta, eps, 0.05, p -> each(p, i -> {
                    double u = beta * h(p, i);
                    return -(1 - eps) * logSigmoid(u) - eps * logSigmoid(-u);
                }));
            }
        }
    }

    @Test
    void withoutSmoothingItIsPlainDpo() {
        double[] cdpo = LossEvaluator.evaluateOnce(CombinedLoss.of(new ConservativeDpoLoss()), VariantCheck.PAIRS,
                0.5, 0, 0.05).perPair();
        double[] dpo = LossEvaluator.evaluateOnce(CombinedLoss.of(new SigmoidDpoLoss()), VariantCheck.PAIRS, 0.5, 0,
                0.05).perPair();
        VariantCheck.assertClose(dpo, cdpo, "cdpo at eps = 0 vs sigmoid");
    }

    @Test
    void labelSmoothingMustBeBelowHalf() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossEvaluator.evaluateOnce(
                CombinedLoss.of(new ConservativeDpoLoss()), VariantCheck.PAIRS, 0.1, 0.5, 0.05));
        assertEquals("loss 'cdpo' needs 0 <= label_smoothing < 0.5, got 0.5", e.getMessage());
    }
}
