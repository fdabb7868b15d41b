package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;

class SftLossTest {
    @Test
    void isTheMeanTokenNllOfTheChosenCompletionsForEveryPair() {
        // Σ logπθ(y_c) = -72.5 over Σ L_c = 5 + 12 + 1 (0 clamped) + 9 = 27 tokens.
        VariantCheck.verify(new SftLoss(), 0.1, 0, 0.05, p -> {
            double nll = 0;
            double tokens = 0;
            for (int i = 0; i < p.size(); i++) {
                nll -= p.policyChosen()[i];
                tokens += Math.max(1, p.chosenLengths()[i]);
            }
            double perToken = nll / tokens;
            return each(p, i -> perToken);
        });
        var r = LossEvaluator.evaluateOnce(CombinedLoss.of(new SftLoss()), VariantCheck.PAIRS, 0.1, 0, 0.05);
        assertEquals(72.5 / 27, r.loss(), 1e-6);
        assertEquals(-1.0 / 27, r.gradPolicyChosen()[1], 1e-7);
        assertEquals(0, r.gradPolicyRejected()[1]);
    }
}
