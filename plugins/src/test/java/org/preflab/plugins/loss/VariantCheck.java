package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluation;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Checks one loss variant against its formula written in plain Java: per-pair values, the batch mean, and the
 * gradient of the mean with respect to logπθ(y_c) and logπθ(y_r), taken by central finite differences of the plain
 * formula (so no derivative is worked out by hand, and none is shared with the implementation).
 */
final class VariantCheck {
    /** The loss in fp32 against the formula in fp64: inputs below are exact in fp32, so only rounding differs. */
    static final double TOLERANCE = 1e-5;
    private static final double STEP = 1e-4;

    /**
     * Four pairs with margins of both signs: h = {1.375, -2.875, -0.125, 2.25}; s_c and s_r also of both signs;
     * one chosen completion of 0 tokens (clamped to 1); distinct values after every sort that aot does.
     */
    static final PairLogps PAIRS = new PairLogps(
            new double[] {-12.5, -30.25, -8.0, -21.75},
            new double[] {-14.0, -27.875, -9.625, -21.25},
            new double[] {-13.125, -29.0, -8.375, -22.875},
            new double[] {-13.25, -29.5, -10.125, -20.125},
            new double[] {5, 12, 0, 9},
            new double[] {7, 10, 3, 9});

    /** A plain-Java per-pair formula. */
    interface Formula {
        double[] perPair(PairLogps p);
    }

    private VariantCheck() {}

    /** Evaluates {@code loss} on {@link #PAIRS} and compares everything with {@code formula}. */
    static void verify(PreferenceLoss loss, double beta, double eps, double tau, Formula formula) {
        verify(loss, PAIRS, beta, eps, tau, formula);
    }

    static void verify(PreferenceLoss loss, PairLogps pairs, double beta, double eps, double tau, Formula formula) {
        LossEvaluation got = LossEvaluator.evaluateOnce(CombinedLoss.of(loss), pairs, beta, eps, tau);
        double[] want = formula.perPair(pairs);
        String where = loss.id() + " at beta=" + beta + ", eps=" + eps + ", tau=" + tau;
        assertClose(want, got.perPair(), where + ", per-pair loss");
        assertClose(PlainMath.mean(want), got.loss(), where + ", mean loss");
        ToDoubleFunction<PairLogps> meanLoss = p -> PlainMath.mean(formula.perPair(p));
        for (int i = 0; i < pairs.size(); i++) {
            assertClose(derivative(meanLoss, pairs, 0, i), got.gradPolicyChosen()[i],
                    where + ", d mean/d policy_chosen[" + i + "]");
            assertClose(derivative(meanLoss, pairs, 1, i), got.gradPolicyRejected()[i],
                    where + ", d mean/d policy_rejected[" + i + "]");
        }
    }

    static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertClose(want[i], got[i], what + "[" + i + "]");
        }
    }

    static void assertClose(double want, double got, String what) {
        assertEquals(want, got, TOLERANCE * Math.max(1, Math.abs(want)), what);
    }

    /** Central difference of f in policy_chosen[i] (field 0) or policy_rejected[i] (field 1). */
    private static double derivative(ToDoubleFunction<PairLogps> f, PairLogps p, int field, int i) {
        return (f.applyAsDouble(shift(p, field, i, STEP)) - f.applyAsDouble(shift(p, field, i, -STEP))) / (2 * STEP);
    }

    private static PairLogps shift(PairLogps p, int field, int i, double by) {
        double[] chosen = p.policyChosen().clone();
        double[] rejected = p.policyRejected().clone();
        (field == 0 ? chosen : rejected)[i] += by;
        return new PairLogps(chosen, rejected, p.referenceChosen(), p.referenceRejected(), p.chosenLengths(),
                p.rejectedLengths());
    }
}
