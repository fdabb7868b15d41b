package org.preflab.engine.dpo;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.preflab.engine.model.TransformerLM;

/**
 * Reference log-probs of a fixed list of pairs, scored once in batches and looked up by {@link PairExample#index()}:
 * for data that exists only inside a run (pairs labelled in a loop), where a cache file keyed by a data file does
 * not fit.
 */
public final class ScoredReference implements ReferenceLogps {
    private final float[] chosen;
    private final float[] rejected;

    private ScoredReference(float[] chosen, float[] rejected) {
        this.chosen = chosen;
        this.rejected = rejected;
    }

    /** Scores {@code pairs} (indexed 0..n-1) under {@code reference}, {@code batchSize} pairs at a time. */
    public static ScoredReference score(TransformerLM reference, NDManager root, List<PairExample> pairs, long padId,
            int batchSize) {
        float[] c = new float[pairs.size()];
        float[] r = new float[pairs.size()];
        for (int start = 0; start < pairs.size(); start += batchSize) {
            List<PairExample> batch = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
            float[][] sums = FrozenReference.score(reference, root, batch, padId);
            for (int i = 0; i < batch.size(); i++) {
                c[batch.get(i).index()] = sums[0][i];
                r[batch.get(i).index()] = sums[1][i];
            }
        }
        return new ScoredReference(c, r);
    }

    @Override
    public float[][] of(List<PairExample> pairs) {
        float[][] out = new float[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            out[0][i] = chosen[pairs.get(i).index()];
            out[1][i] = rejected[pairs.get(i).index()];
        }
        return out;
    }

    @Override
    public String describe() {
        return "reference log-probs of " + chosen.length + " labelled pairs, scored at the start of the round";
    }
}
