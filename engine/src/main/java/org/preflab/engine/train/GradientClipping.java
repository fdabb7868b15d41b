package org.preflab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/** Global L2 norm of all gradients, for clipping by norm (DJL's optClipGrad clips element-wise, which is not it). */
public final class GradientClipping {
    private GradientClipping() {}

    /** sqrt(Σ_p ||g_p||²), with one host sync for the whole model. */
    public static double globalNorm(Map<String, NDArray> params, NDManager scratch) {
        NDList squares = new NDList();
        for (NDArray p : params.values()) {
            // g² is freed per parameter: left in the step's manager, it was a whole-model copy until the step ended.
            try (NDManager local = scratch.newSubManager()) {
                NDArray g = p.getGradient();
                g.attach(local);
                NDArray sum = g.square().sum();
                sum.attach(scratch);
                squares.add(sum);
            }
        }
        return Math.sqrt(NDArrays.stack(squares).sum().getFloat());
    }

    /** The factor that brings {@code norm} down to {@code max} (1 when it is already within, or max <= 0). */
    public static double scale(double norm, double max) {
        return max > 0 && norm > max ? max / (norm + 1e-6) : 1.0;
    }
}
