package org.preflab.engine.compute;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.model.TransformerLM;

/**
 * Many prompts' sampled completions and completion log-probs, in batches: what the label-efficient loops spend most
 * of a round on. Batch {@code k} samples with seed {@code cfg.seed() + k}, so the same prompts, model and settings
 * give the same completions, and two models sampled with the same settings draw the same random numbers (a win
 * rate compares them on equal terms).
 */
public final class Completions {
    /**
     * Longest row a group of samples may make when scored with its prompt fed once: the attention of a row and its
     * bias grow as its length squared (every sample's keys are computed against, masked out), so past a few hundred
     * tokens feeding the prompt again costs less. Scoring 8 prompts x 4 samples on llama-135m, one row a sequence /
     * one row a prompt: 32 + 96 tokens 4.1 / 3.5 s, 128 + 48 tokens 5.6 / 2.7 s (2026-12-03).
     */
    static final int MAX_GROUP_ROW = 512;

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

    /**
     * Summed completion log-probs log p(y|x) of each sequence under {@code lm}, in batches of at most
     * {@code batchSize} sequences. Consecutive sequences with the same prompt (k samples of one prompt) are scored as
     * one group with the prompt fed once ({@link PairBatch#ofGroups}), as a pair's chosen and rejected are.
     */
    public static double[] logps(TransformerLM lm, NDManager parent, List<ScoredSequence> seqs, long padId,
            int batchSize) {
        return logps(lm, parent, seqs, padId, batchSize, MAX_GROUP_ROW);
    }

    /** As above, with a group's row at most {@code maxGroupRow} tokens long unless one sample alone is longer. */
    static double[] logps(TransformerLM lm, NDManager parent, List<ScoredSequence> seqs, long padId, int batchSize,
            int maxGroupRow) {
        double[] out = new double[seqs.size()];
        for (int start = 0, end; start < seqs.size(); start = end) {
            List<PairBatch.Group> groups = new ArrayList<>();
            end = start;
            while (end < seqs.size() && end - start < batchSize) {
                long[] prompt = seqs.get(end).prompt();
                List<long[]> completions = new ArrayList<>();
                int row = prompt.length; // tokens fed for the group so far
                while (end < seqs.size() && end - start < batchSize
                        && Arrays.equals(seqs.get(end).prompt(), prompt)) {
                    int fed = Math.max(seqs.get(end).completion().length - 1, 0);
                    if (!completions.isEmpty() && row + fed > maxGroupRow) {
                        break; // the rest of this prompt's samples start a group of their own
                    }
                    completions.add(seqs.get(end++).completion());
                    row += fed;
                }
                groups.add(new PairBatch.Group(prompt, completions));
            }
            try (NDManager m = parent.newSubManager()) {
                float[] sums = SequenceScorer.score(lm, PairBatch.ofGroups(m, groups, padId), false).sum()
                        .toFloatArray();
                for (int i = 0; i < sums.length; i++) {
                    out[start + i] = sums[i];
                }
            }
        }
        return out;
    }
}
