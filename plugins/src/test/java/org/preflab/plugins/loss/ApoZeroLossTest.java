package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;

class ApoZeroLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            VariantCheck.verify(new ApoZeroLoss(), beta, 0, 0.05,
                    p -> each(p, i -> (1 - sigmoid(beta * sc(p, i))) + sigmoid(beta * sr(p, i))));
        }
    }
}
