package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;

class BcoPairLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            VariantCheck.verify(new BcoPairLoss(), beta, 0, 0.05,
                    p -> each(p, i -> -logSigmoid(beta * sc(p, i)) - logSigmoid(-beta * sr(p, i))));
        }
    }
}
