package org.preflab.engine.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spi.LossInputs;

/**
 * Evaluates a loss and its gradient with respect to the policy log-probs, from plain numbers: what
 * {@code preflab loss} prints and what the loss tests check against hand-computed values.
 *
 * <p>Every array lives in a sub-manager of the given manager and is freed before returning, so the caller's
 * manager holds as many arrays afterwards as before. Only one {@link GradientCollector} may be open per JVM
 * (libtorch's is static), so do not call this from inside a training step.
 */
public final class LossEvaluator {
    private final NDManager parent;

    /** Evaluates in sub-managers of {@code parent}, which stays owned by the caller. */
    public LossEvaluator(NDManager parent) {
        this.parent = parent;
    }

    /** Loss, per-pair losses and the two policy gradients, computed in fp32 as in training. */
    public LossEvaluation evaluate(CombinedLoss loss, PairLogps logps, double beta, double labelSmoothing,
            double discopopTau) {
        Engine engine = DjlRuntime.engine();
        try (NDManager m = parent.newSubManager()) {
            NDArray policyChosen = m.create(toFloats(logps.policyChosen()));
            NDArray policyRejected = m.create(toFloats(logps.policyRejected()));
            LossInputs in = new LossInputs(policyChosen, policyRejected,
                    m.create(toFloats(logps.referenceChosen())), m.create(toFloats(logps.referenceRejected())),
                    m.create(toFloats(logps.chosenLengths())), m.create(toFloats(logps.rejectedLengths())),
                    beta, labelSmoothing, discopopTau);
            policyChosen.setRequiresGradient(true);
            policyRejected.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray perPair = loss.perPairLoss(in);
                NDArray total = perPair.mean();
                collector.backward(total);
                // A loss that ignores an input (sft ignores y_r) leaves its gradient undefined; DJL returns zeros.
                return new LossEvaluation(total.getFloat(), toDoubles(perPair),
                        toDoubles(policyChosen.getGradient()), toDoubles(policyRejected.getGradient()));
            }
        }
    }

    /** Convenience for one-off use (the CLI): a fresh base manager, closed afterwards. */
    public static LossEvaluation evaluateOnce(CombinedLoss loss, PairLogps logps, double beta, double labelSmoothing,
            double discopopTau) {
        DjlRuntime.engine();
        try (NDManager base = DjlRuntime.newManager()) {
            return new LossEvaluator(base).evaluate(loss, logps, beta, labelSmoothing, discopopTau);
        }
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static double[] toDoubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
