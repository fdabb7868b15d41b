package org.preflab.engine.compute;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.model.TransformerLM;

/**
 * Many prompts' sampled completions and completion log-probs, in batches: what the label-efficient loops spend most
 * of a round on. Batch {@code k} samples with seed {@code cfg.seed() + k}, so the same prompts, model and settings
 * give the same completions, and two models sampled with the same settings draw the same random numbers (a win
 * rate compares them on equal terms).
 */
public final class Completions {
    private Completions() {}

    /** One completion per prompt (the stop token kept when one ended it). Must run with grad mode off. */
    public static List<Generation> sample(TransformerLM lm, NDManager parent, List<long[]> prompts,
            SamplingConfig cfg, int batchSize) {
        List<Generation> out = new ArrayList<>(prompts.size());
        for (int start = 0, k = 0; start < prompts.size(); start += batchSize, k++) {
            List<long[]> batch = prompts.subList(start, Math.min(prompts.size(), start + batchSize));
            SamplingConfig seeded = new SamplingConfig(cfg.temperature(), cfg.topK(), cfg.topP(), cfg.maxNewTokens(),
                    cfg.stopIds(), cfg.seed() + k);
            out.addAll(Generator.generate(lm, parent, batch, seeded));
        }
        return out;
    }

    /** Summed completion log-probs log p(y|x) of each sequence under {@code lm}, scored in batches. */
    public static double[] logps(TransformerLM lm, NDManager parent, List<ScoredSequence> seqs, long padId,
            int batchSize) {
        double[] out = new double[seqs.size()];
        for (int start = 0; start < seqs.size(); start += batchSize) {
            List<ScoredSequence> batch = seqs.subList(start, Math.min(seqs.size(), start + batchSize));
            double[] sums = SequenceScorer.scoreToArrays(lm, parent, batch, padId)[0];
            System.arraycopy(sums, 0, out, start, sums.length);
        }
        return out;
    }
}
