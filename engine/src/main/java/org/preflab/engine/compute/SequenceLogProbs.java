package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;

/**
 * Per-sequence results of scoring a {@link TokenBatch}, all (B). Sums, as DPO uses them; divide by {@code tokens}
 * for means (tokens is the completion length clamped to at least 1, so an empty completion gives 0, never NaN).
 *
 * @param sum summed completion log-prob, log p(y|x); carries gradient when computed under a collector
 * @param tokens completion token count, at least 1
 * @param entropySum summed per-token entropy of the predictive distribution over completion tokens, or null
 * @param logitMeanSum summed (over completion tokens) mean-over-vocabulary logit, TRL's logits/* metric, or null
 */
public record SequenceLogProbs(NDArray sum, NDArray tokens, NDArray entropySum, NDArray logitMeanSum) {
    public NDArray mean() {
        return sum.div(tokens);
    }

    public NDArray meanEntropy() {
        return entropySum.div(tokens);
    }
}
