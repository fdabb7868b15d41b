package org.preflab.engine.dpo;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.model.TransformerLM;

/** The reference as a frozen model scored on the fly (no gradient: its weights never require one). */
public final class FrozenReference implements ReferenceLogps {
    private final TransformerLM model;
    private final NDManager scratch;
    private final long padId;

    public FrozenReference(TransformerLM model, NDManager scratch, long padId) {
        this.model = model;
        this.scratch = scratch;
        this.padId = padId;
    }

    @Override
    public float[][] of(List<PairExample> pairs) {
        return score(model, scratch, pairs, padId);
    }

    /**
     * Summed completion log-probs {chosen[], rejected[]} of the pairs under {@code model}, in one batch laid out as
     * training's forward lays it out ({@link PairBatch}): the same products in the same shapes, so a policy still
     * equal to its reference gets log-ratios of exactly 0 at step 1, not rounding noise.
     */
    static float[][] score(TransformerLM model, NDManager scratch, List<PairExample> pairs, long padId) {
        try (NDManager m = scratch.newSubManager()) {
            PairBatch batch = PairBatch.of(m, pairs.stream().map(PairExample::pair).toList(), padId);
            float[] sums = SequenceScorer.score(model, batch, false).sum().toFloatArray();
            int b = pairs.size();
            return new float[][] {Arrays.copyOfRange(sums, 0, b), Arrays.copyOfRange(sums, b, 2 * b)};
        }
    }

    @Override
    public String describe() {
        return "frozen reference model";
    }
}
