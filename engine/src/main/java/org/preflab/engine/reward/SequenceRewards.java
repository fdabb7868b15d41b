package org.preflab.engine.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.model.AttentionMask;
import org.preflab.engine.model.TransformerLM;

/**
 * The reward of whole sequences (prompt + completion ids): one forward over a right-padded batch, the final hidden
 * state at each row's last real token, then the head. Unlike next-token scoring, the last token is fed too: it is
 * the one that has read the whole completion (TRL's RewardTrainer reads the last non-pad token likewise).
 *
 * <pre>
 *   sequences [5, 6, 7], [5, 8]   pad 0
 *   ids       [[5, 6, 7], [5, 8, 0]]
 *   pick      [[0, 0, 1], [0, 1, 0]]   one-hot of each row's last token
 * </pre>
 */
public final class SequenceRewards {
    private SequenceRewards() {}

    /** Rewards (N) of {@code sequences}, every array in {@code m}; with gradient when the caller collects one. */
    public static NDArray of(TransformerLM lm, RewardHead head, List<long[]> sequences, long pad, NDManager m) {
        int n = sequences.size();
        int t = 1;
        for (long[] s : sequences) {
            if (s.length == 0) {
                throw new IllegalArgumentException("a sequence to score has no tokens");
            }
            t = Math.max(t, s.length);
        }
        long[] ids = new long[n * t];
        float[] pick = new float[n * t];
        Arrays.fill(ids, pad);
        for (int r = 0; r < n; r++) {
            long[] s = sequences.get(r);
            System.arraycopy(s, 0, ids, r * t, s.length);
            pick[r * t + s.length - 1] = 1f;
        }
        // Right padding: every real token comes before the pads, so the plain causal mask is enough.
        NDArray positions = m.arange(0, t, 1, DataType.INT64).expandDims(0);
        NDArray hidden = lm.hidden(m.create(ids, new Shape(n, t)), positions, AttentionMask.causal(m, t), null);
        NDArray last = hidden.mul(m.create(pick, new Shape(n, t, 1))).sum(new int[] {1}); // (N, D)
        return head.rewards(last);
    }

    /**
     * Rewards (2B) of pairs, chosen sides then rejected, with each pair's prompt fed once ({@link PairBatch.Whole}):
     * the same numbers as {@link #of} on [prompt, chosen] and [prompt, rejected], on P + C + R tokens a pair.
     */
    public static NDArray ofPairs(TransformerLM lm, RewardHead head, List<PairBatch.Pair> pairs, long pad,
            NDManager m) {
        PairBatch.Whole batch = PairBatch.Whole.of(m, pairs, pad);
        return head.rewards(PairBatch.at(batch.fed().hidden(lm), batch.last())); // last states (2B, D)
    }

    /** prompt followed by completion, the sequence a pair's side is scored on. */
    public static long[] concat(long[] prompt, long[] completion) {
        long[] out = Arrays.copyOf(prompt, prompt.length + completion.length);
        System.arraycopy(completion, 0, out, prompt.length, completion.length);
        return out;
    }
}
