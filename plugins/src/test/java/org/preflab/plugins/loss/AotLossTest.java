package org.preflab.plugins.loss;

import static org.preflab.plugins.loss.PlainMath.*;

import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;

class AotLossTest {
    /** The formula of algorithms.md §1b, per-pair losses in sorted order. */
    static double[] formula(PairLogps p, double beta, double eps) {
        double[] policy = sorted(each(p, i -> p.policyChosen()[i] - p.policyRejected()[i]));
        double[] reference = sorted(each(p, i -> p.referenceChosen()[i] - p.referenceRejected()[i]));
        double[] out = new double[p.size()];
        for (int k = 0; k < out.length; k++) {
            double u = beta * (policy[k] - reference[k]);
            out[k] = -(1 - eps) * logSigmoid(u) - eps * logSigmoid(-u);
        }
        return out;
    }

    @Test
    void matchesTheFormulaInSortedOrder() {
        // The fixture's policy and reference margins sort into different pair orders, so a loss that forgot to
        // sort, or sorted only one side, fails here; the gradient goes back through the sort to the right pair.
        for (double beta : new double[] {0.1, 1.0}) {
            for (double eps : new double[] {0, 0.1}) {
                VariantCheck.verify(new AotLoss(), beta, eps, 0.05, p -> formula(p, beta, eps));
            }
        }
    }

    @Test
    void theOrderOfPairsInTheBatchDoesNotMatter() {
        PairLogps p = VariantCheck.PAIRS;
        int[] order = {2, 0, 3, 1};
        PairLogps shuffled = new PairLogps(pick(p.policyChosen(), order), pick(p.policyRejected(), order),
                pick(p.referenceChosen(), order), pick(p.referenceRejected(), order), pick(p.chosenLengths(), order),
                pick(p.rejectedLengths(), order));
        double[] a = LossEvaluator.evaluateOnce(CombinedLoss.of(new AotLoss()), p, 1, 0, 0.05).perPair();
        double[] b = LossEvaluator.evaluateOnce(CombinedLoss.of(new AotLoss()), shuffled, 1, 0, 0.05).perPair();
        VariantCheck.assertClose(a, b, "per-pair losses after shuffling the batch");
    }

    static double[] pick(double[] v, int[] order) {
        double[] out = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = v[order[i]];
        }
        return out;
    }
}
