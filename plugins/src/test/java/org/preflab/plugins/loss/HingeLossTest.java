package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;

class HingeLossTest {
    @Test
    void matchesTheFormula() {
        // At β = 0.5 pair 3 (h = 2.25) is past the margin; at β = 2 pairs 0 and 3 are: no loss, no gradient.
        for (double beta : new double[] {0.1, 0.5, 2.0}) {
            VariantCheck.verify(new HingeLoss(), beta, 0, 0.05,
                    p -> each(p, i -> Math.max(0, 1 - beta * h(p, i))));
        }
    }
}
