package org.preflab.engine.spo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The Plackett–Luce loss of SPO's LOGPROB_RANK classifier (algorithms.md §5 step 3): for scores s_0..s_{n−1} of
 * variants in their true order (degree 0, the intact response, first),
 * L = −Σ_{j=0}^{n−2} [s_j − log Σ_{m≥j} exp(s_m)], the negative log-likelihood of that order.
 *
 * <p>Each term is the log-softmax of the suffix s_j..s_{n−1} at its first entry, so the whole loss is one
 * log-softmax over a (K, K) matrix whose row j keeps the suffix from j and masks the rest; libtorch's log-softmax
 * subtracts the row maximum, so large scores do not overflow.
 */
public final class PlackettLuce {
    /** Added to masked entries; finite, so a row with nothing left stays finite (and gets weight 0). */
    static final float MASKED = -1e9f;

    private PlackettLuce() {}

    /** The loss of one ranking: scores (n), best first -> scalar; 0 when n < 2. */
    public static NDArray loss(NDArray scores) {
        if (scores.getShape().dimension() != 1) {
            throw new IllegalArgumentException("scores must have shape (n), got " + scores.getShape());
        }
        int n = (int) scores.getShape().get(0);
        return perExample(scores.expandDims(0), new int[] {n}).squeeze(0);
    }

    /**
     * The loss of B rankings of different lengths at once, (B). Row b holds its counts[b] present degrees first,
     * in order; the entries after them are ignored (any finite value). Examples with fewer than K distinct
     * variants thus rank only the degrees they have, with no gap for the missing ones.
     *
     * @param scores (B, K), any float type; the result has the same type and lives in the same manager
     */
    public static NDArray perExample(NDArray scores, int[] counts) {
        Shape shape = scores.getShape();
        if (shape.dimension() != 2 || shape.get(0) != counts.length) {
            throw new IllegalArgumentException("scores must have shape (" + counts.length + ", K), got " + shape);
        }
        int b = counts.length;
        int k = (int) shape.get(1);
        float[] bias = new float[b * k * k];
        float[] keep = new float[b * k];
        for (int r = 0; r < b; r++) {
            if (counts[r] < 0 || counts[r] > k) {
                throw new IllegalArgumentException("row " + r + " has " + counts[r] + " present degrees; K = " + k);
            }
            for (int j = 0; j < k; j++) {
                keep[r * k + j] = j <= counts[r] - 2 ? 1f : 0f; // terms j = 0..n−2
                for (int m = 0; m < k; m++) {
                    bias[(r * k + j) * k + m] = m >= j && m < counts[r] ? 0f : MASKED;
                }
            }
        }
        NDManager mm = scores.getManager();
        NDArray maskBias = mm.create(bias, new Shape(b, k, k)).toType(scores.getDataType(), false);
        NDArray eye = mm.eye(k).toType(scores.getDataType(), false).expandDims(0);
        NDArray weights = mm.create(keep, new Shape(b, k)).toType(scores.getDataType(), false);
        // row j of (B, K, K): log-softmax over the suffix m >= j; its diagonal entry is s_j − log Σ_{m≥j} exp(s_m)
        NDArray suffix = scores.expandDims(1).add(maskBias).logSoftmax(2);
        NDArray terms = suffix.mul(eye).sum(new int[] {2});
        return terms.mul(weights).sum(new int[] {1}).neg();
    }
}
