package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A right-padded batch laid out for next-token scoring. For sequences of total length L padded to T:
 *
 * <pre>
 *   ids      (B, T-1)  tokens fed to the model: x_0 .. x_{T-2}
 *   labels   (B, T-1)  the token each position predicts: x_1 .. x_{T-1}
 *   mask     (B, T-1)  1 where the label is a completion token, else 0 (prompt and padding)
 * </pre>
 *
 * Example: prompt [5, 6], completion [7, 8], T = 5: ids [5, 6, 7, 8], labels [6, 7, 8, pad], mask [0, 1, 1, 0].
 * With right padding and a causal mask, pads come after every real token and cannot change its result.
 */
public record TokenBatch(NDArray ids, NDArray labels, NDArray mask, NDArray completionLengths) {

    /** Builds the batch in {@code m}; {@code pad} may be any valid id (it is never attended to nor counted). */
    public static TokenBatch of(NDManager m, List<ScoredSequence> seqs, long pad) {
        int b = seqs.size();
        int t = 0;
        for (ScoredSequence s : seqs) {
            t = Math.max(t, s.length());
        }
        t = Math.max(t, 2);
        long[] ids = new long[b * (t - 1)];
        long[] labels = new long[b * (t - 1)];
        float[] mask = new float[b * (t - 1)];
        float[] lengths = new float[b];
        java.util.Arrays.fill(ids, pad);
        java.util.Arrays.fill(labels, pad);
        for (int r = 0; r < b; r++) {
            ScoredSequence s = seqs.get(r);
            long[] all = new long[s.length()];
            System.arraycopy(s.prompt(), 0, all, 0, s.prompt().length);
            System.arraycopy(s.completion(), 0, all, s.prompt().length, s.completion().length);
            for (int i = 0; i + 1 < all.length; i++) {
                ids[r * (t - 1) + i] = all[i];
                labels[r * (t - 1) + i] = all[i + 1];
                mask[r * (t - 1) + i] = i + 1 >= s.prompt().length ? 1f : 0f;
            }
            lengths[r] = s.completion().length;
        }
        Shape shape = new Shape(b, t - 1);
        return new TokenBatch(m.create(ids, shape), m.create(labels, shape), m.create(mask, shape),
                m.create(lengths, new Shape(b)));
    }

    public int size() {
        return (int) ids.getShape().get(0);
    }
}
