package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;

class NcaPairLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            VariantCheck.verify(new NcaPairLoss(), beta, 0, 0.05, p -> each(p, i -> {
                double c = beta * sc(p, i);
                double r = beta * sr(p, i);
                return -logSigmoid(c) - 0.5 * logSigmoid(-c) - 0.5 * logSigmoid(-r);
            }));
        }
    }
}
