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
        NDList norms = new NDList();
        for (NDArray p : params.values()) {
            // Per-tensor norms, then the norm of the norms, as torch's clip_grad_norm_: no copy of any gradient (g²
            // was a fresh buffer per parameter, which page-faults in at a tenth of the speed of a read).
            try (NDManager local = scratch.newSubManager()) {
                NDArray g = p.getGradient(); // a handle, freed with local
                g.attach(local);
                NDArray n = g.norm();
                n.attach(scratch);
                norms.add(n);
            }
        }
        return NDArrays.stack(norms).norm().getFloat();
    }

    /** The factor that brings {@code norm} down to {@code max} (1 when it is already within, or max <= 0). */
    public static double scale(double norm, double max) {
        return max > 0 && norm > max ? max / (norm + 1e-6) : 1.0;
    }
}
