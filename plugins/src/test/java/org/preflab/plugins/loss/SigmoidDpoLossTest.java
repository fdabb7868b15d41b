package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;

class SigmoidDpoLossTest {
    private static double[] formula(PairLogps p, double beta) {
        return each(p, i -> -logSigmoid(beta * h(p, i)));
    }

    @Test
    void matchesTheFormula() {
        for (double beta : new double[] {0.1, 1.0, 3.0}) {
            VariantCheck.verify(new SigmoidDpoLoss(), beta, 0, 0.05, p -> formula(p, beta));
        }
    }

    @Test
    void gradientIsBetaTimesSigmoidOfMinusBetaH() {
        // d mean/d logπθ(y_c)_i = -β σ(-β h_i) / B: DPO's weighting, worked out by hand.
        double beta = 0.5;
        PairLogps p = VariantCheck.PAIRS;
        double[] g = LossEvaluator.evaluateOnce(CombinedLoss.of(new SigmoidDpoLoss()), p, beta, 0, 0.05)
                .gradPolicyChosen();
        VariantCheck.assertClose(each(p, i -> -beta * sigmoid(-beta * h(p, i)) / p.size()), g, "analytic gradient");
    }

    @Test
    void atStepZeroEveryPairCostsLn2() {
        // πθ = πref, as at the first step: h = 0, loss = ln 2, gradient ∓β/(2B). Also checks logσ's slope at 0.
        double[] logps = {-5, -9, -2};
        double[] lengths = {3, 4, 2};
        PairLogps same = new PairLogps(logps, logps, logps, logps, lengths, lengths);
        var r = LossEvaluator.evaluateOnce(CombinedLoss.of(new SigmoidDpoLoss()), same, 0.1, 0, 0.05);
        assertEquals(Math.log(2), r.loss(), 1e-6);
        VariantCheck.assertClose(new double[] {-0.1 / 6, -0.1 / 6, -0.1 / 6}, r.gradPolicyChosen(), "grad y_c");
        VariantCheck.assertClose(new double[] {0.1 / 6, 0.1 / 6, 0.1 / 6}, r.gradPolicyRejected(), "grad y_r");
    }
}
