package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.preflab.engine.model.TransformerLM;

/**
 * Completion log-probs of (prompt, completion) batches: log p(y|x) = Σ_t log softmax(z(x, y_&lt;t))[y_t] over
 * completion tokens only (prompt and padding weigh 0). Works with or without a gradient collector open.
 */
public final class SequenceScorer {
    private SequenceScorer() {}

    /** Scores a batch; the results live in {@code batch}'s manager. */
    public static SequenceLogProbs score(TransformerLM lm, TokenBatch batch, boolean withStats) {
        NDArray logits = lm.forward(batch.ids()); // (B, T-1, V)
        NDArray logp = logits.logSoftmax(2);
        NDArray tokenLogp = logp.gather(batch.labels().expandDims(2), 2).squeeze(2); // (B, T-1)
        NDArray mask = batch.mask();
        NDArray sum = tokenLogp.mul(mask).sum(new int[] {1});
        NDArray tokens = batch.completionLengths().maximum(1f);
        NDArray entropy = null;
        NDArray logitMean = null;
        if (withStats) {
            // Detached and in a scratch manager: the (B, T, V) temporaries are freed at once instead of living
            // (and, under a collector, being kept for a backward that never comes) until the step ends.
            try (NDManager scratch = batch.ids().getManager().newSubManager()) {
                NDArray lp = logp.stopGradient();
                lp.attach(scratch);
                NDArray z = logits.stopGradient();
                z.attach(scratch);
                NDArray perToken = lp.exp().mul(lp).sum(new int[] {2}).neg(); // H = -Σ p log p
                entropy = perToken.mul(mask).sum(new int[] {1});
                logitMean = z.mean(new int[] {2}).mul(mask).sum(new int[] {1});
                entropy.attach(batch.ids().getManager());
                logitMean.attach(batch.ids().getManager());
            }
        }
        return new SequenceLogProbs(sum, tokens, entropy, logitMean);
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
