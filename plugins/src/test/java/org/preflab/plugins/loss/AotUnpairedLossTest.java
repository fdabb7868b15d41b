package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;

class AotUnpairedLossTest {
    @Test
    void matchesTheFormulaInSortedOrder() {
        for (double beta : new double[] {0.1, 1.0}) {
            for (double eps : new double[] {0, 0.1}) {
                VariantCheck.verify(new AotUnpairedLoss(), beta, eps, 0.05, p -> {
                    double[] chosen = sorted(each(p, i -> sc(p, i)));
                    double[] rejected = sorted(each(p, i -> sr(p, i)));
                    return each(p, k -> {
                        double u = beta * (chosen[k] - rejected[k]);
                        return -(1 - eps) * logSigmoid(u) - eps * logSigmoid(-u);
                    });
                });
            }
        }
    }

    @Test
    void differsFromPairedAot() {
        // Same batch, different matching: s_c and s_r sort into other orders than the margins do.
        double[] unpaired = LossEvaluator.evaluateOnce(CombinedLoss.of(new AotUnpairedLoss()), VariantCheck.PAIRS,
                1, 0, 0.05).perPair();
        double[] paired = AotLossTest.formula(VariantCheck.PAIRS, 1, 0);
        assertThrows(AssertionError.class, () -> VariantCheck.assertClose(paired, unpaired, "aot vs aot_unpaired"));
    }
}
