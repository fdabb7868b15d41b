package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;

class SigmoidNormLossTest {
    @Test
    void matchesTheFormulaOnLengthAveragedMargins() {
        for (double beta : new double[] {0.1, 1.0, 5.0}) {
            VariantCheck.verify(new SigmoidNormLoss(), beta, 0, 0.05,
                    p -> each(p, i -> -logSigmoid(beta * hNorm(p, i))));
        }
    }
}
