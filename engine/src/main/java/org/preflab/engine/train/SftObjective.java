package org.preflab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.compute.TokenBatch;
import org.preflab.engine.model.TransformerLM;

/** Supervised fine-tuning: the causal-LM loss, mean NLL over the micro-batch's completion tokens. */
public final class SftObjective implements Objective<ScoredSequence> {
    private final long padId;

    public SftObjective(long padId) {
        this.padId = padId;
    }

    @Override
    public String name() {
        return "sft";
    }

    @Override
    public Output compute(TransformerLM lm, List<ScoredSequence> batch, NDManager m) {
        TokenBatch tb = TokenBatch.of(m, batch, padId);
        SequenceLogProbs lp = SequenceScorer.score(lm, tb, true);
        NDArray tokens = tb.mask().sum();
        NDArray loss = lp.sum().sum().neg().div(tokens.maximum(1f));
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.ENTROPY, lp.entropySum().sum().div(tokens.maximum(1f)));
        long fed = 0;
        for (ScoredSequence s : batch) {
            fed += s.length();
        }
        return new Output(loss, metrics, fed);
    }
}
