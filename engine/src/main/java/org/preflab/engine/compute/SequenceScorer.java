package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.FusedOps;

/**
 * Completion log-probs of (prompt, completion) batches: log p(y|x) = Σ_t log softmax(z(x, y_&lt;t))[y_t] over
 * completion tokens only (prompt and padding weigh 0). Works with or without a gradient collector open.
 */
public final class SequenceScorer {
    private SequenceScorer() {}

    /** Scores a batch; the results live in {@code batch}'s manager. */
    public static SequenceLogProbs score(TransformerLM lm, TokenBatch batch, boolean withStats) {
        NDArray logits = lm.forward(batch.ids()); // (B, T-1, V)
        return summed(logits, batch.labels(), batch.mask(), batch.completionLengths(), withStats);
    }

    /**
     * Scores pairs laid out with the prompt fed once ({@link PairBatch}): results for the chosen completions, then
     * the rejected ones (2B), or for groups every completion in group order, in {@code batch}'s manager. Only the rows
     * that predict completion tokens go through the LM head.
     */
    public static SequenceLogProbs score(TransformerLM lm, PairBatch batch, boolean withStats) {
        return summed(logits(lm, batch), batch.labels(), batch.mask(), batch.completionLengths(), withStats);
    }

    /** Logits (2B, K, V) at the rows that predict {@code batch}'s labels: chosen completions, then rejected. */
    public static NDArray logits(TransformerLM lm, PairBatch batch) {
        return lm.logits(PairBatch.at(batch.fed().hidden(lm), batch.rows())); // rows (2B, K, D)
    }

    /** Sums of the labels' log-probs under {@code mask}, and the statistics, from logits (N, K, V). */
    private static SequenceLogProbs summed(NDArray logits, NDArray labels, NDArray mask, NDArray lengths,
            boolean withStats) {
        NDManager out = labels.getManager();
        LabelLogProbs scored = labelLogProbs(logits, labels);
        NDArray tokenLogp = scored.labels(); // (N, K)
        NDArray sum = tokenLogp.mul(mask).sum(new int[] {1});
        NDArray tokens = lengths.maximum(1f);
        NDArray entropy = null;
        NDArray logitMean = null;
        if (withStats) {
            // Detached and in a scratch manager: the (N, K, V) temporaries are freed at once instead of living
            // (and, under a collector, being kept for a backward that never comes) until the step ends.
            try (NDManager scratch = out.newSubManager()) {
                NDArray z = logits.stopGradient();
                z.attach(scratch);
                NDArray lp = scored.vocabulary(z, scratch); // log p over the vocabulary
                NDArray perToken = lp.exp().mul(lp).sum(new int[] {2}).neg(); // H = -Σ p log p
                entropy = perToken.mul(mask).sum(new int[] {1});
                logitMean = z.mean(new int[] {2}).mul(mask).sum(new int[] {1});
                entropy.attach(out);
                logitMean.attach(out);
            }
        }
        return new SequenceLogProbs(sum, tokens, entropy, logitMean);
    }

    /**
     * log p(label) at every position of logits (B, T, V) for labels (B, T), and what gives log p over the whole
     * vocabulary when statistics want it. With libtorch's logsumexp ({@link FusedOps}) it is z_label - logsumexp(z):
     * backward keeps the logits (which the caller holds anyway) and a number per position, where a log-softmax kept
     * a second vocabulary-wide tensor: 100 MB for a DPO batch of 2 pairs of 128 tokens at 49,152 (issue 16).
     */
    public static LabelLogProbs labelLogProbs(NDArray logits, NDArray labels) {
        NDArray index = labels.expandDims(2);
        if (FusedOps.available()) {
            NDArray lse = FusedOps.logSumExp(logits, 2);
            return new LabelLogProbs(logits.gather(index, 2).squeeze(2).sub(lse), null, lse);
        }
        NDArray logp = logits.logSoftmax(2);
        return new LabelLogProbs(logp.gather(index, 2).squeeze(2), logp, null);
    }

    /**
     * The labels' log-probs (B, T) and one of: the log-softmax (B, T, V) when DJL's ops computed them, or logsumexp
     * (B, T) when libtorch's kernel did.
     */
    public record LabelLogProbs(NDArray labels, NDArray logSoftmax, NDArray logSumExp) {
        /** log p over the vocabulary, detached, in {@code scratch}; {@code z} is the detached logits there. */
        NDArray vocabulary(NDArray z, NDManager scratch) {
            NDArray lp = (logSoftmax != null ? logSoftmax : logSumExp).stopGradient();
            lp.attach(scratch);
            return logSoftmax != null ? lp : z.sub(lp.expandDims(2));
        }
    }

    /** Convenience for callers without NDArrays: sums and means as doubles, computed in a scratch manager. */
    public static double[][] scoreToArrays(TransformerLM lm, NDManager parent, List<ScoredSequence> seqs, long pad) {
        try (NDManager m = parent.newSubManager()) {
            TokenBatch batch = TokenBatch.of(m, seqs, pad);
            SequenceLogProbs r = score(lm, batch, true);
            return new double[][] {
                toDoubles(r.sum()), toDoubles(r.mean()), toDoubles(r.meanEntropy())
            };
        }
    }

    static double[] toDoubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
