package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention biases: 0 where a query may look, {@link TransformerLM#MASKED} where it may not. Built on the
 * Java side (T x S floats), which costs less than the handful of ops it would take on tensors.
 */
public final class AttentionMask {
    private AttentionMask() {}

    /** Plain causal mask (1, 1, T, T): position t sees 0..t. Enough for unpadded or right-padded batches. */
    public static NDArray causal(NDManager m, int t) {
        float[] bias = new float[t * t];
        for (int q = 0; q < t; q++) {
            for (int s = q + 1; s < t; s++) {
                bias[q * t + s] = TransformerLM.MASKED;
            }
        }
        return m.create(bias, new Shape(1, 1, t, t));
    }

    /**
     * Causal mask over past + new keys for a batch with padding (B, 1, T, past + T): query t (at absolute index
     * past + t) sees key s when s <= past + t and key s is a real token.
     *
     * @param keyValid per row, which of the past + T key slots hold real tokens
     */
    public static NDArray padded(NDManager m, int past, int t, boolean[][] keyValid) {
        int b = keyValid.length;
        int s = past + t;
        float[] bias = new float[b * t * s];
        for (int r = 0; r < b; r++) {
            for (int q = 0; q < t; q++) {
                int base = (r * t + q) * s;
                for (int k = 0; k < s; k++) {
                    if (k > past + q || !keyValid[r][k]) {
                        bias[base + k] = TransformerLM.MASKED;
                    }
                }
            }
        }
        return m.create(bias, new Shape(b, 1, t, s));
    }
}
