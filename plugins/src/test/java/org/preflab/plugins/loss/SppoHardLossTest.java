package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;

class SppoHardLossTest {
    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0}) {
            double target = 1 / (2 * beta);
            VariantCheck.verify(new SppoHardLoss(), beta, 0, 0.05, p -> each(p, i -> {
                double c = sc(p, i) - target;
                double r = sr(p, i) + target;
                return c * c + r * r;
            }));
        }
    }
}
