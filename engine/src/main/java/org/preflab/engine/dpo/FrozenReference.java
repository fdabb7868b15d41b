package org.preflab.engine.dpo;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.compute.ScoredSequence;
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

    /** Summed completion log-probs {chosen[], rejected[]} of the pairs under {@code model}, in one batch. */
    static float[][] score(TransformerLM model, NDManager scratch, List<PairExample> pairs, long padId) {
        List<ScoredSequence> seqs = new ArrayList<>();
        pairs.forEach(p -> seqs.add(p.chosenSequence()));
        pairs.forEach(p -> seqs.add(p.rejectedSequence()));
        double[] sums = SequenceScorer.scoreToArrays(model, scratch, seqs, padId)[0];
        float[][] out = new float[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            out[0][i] = (float) sums[i];
            out[1][i] = (float) sums[pairs.size() + i];
        }
        return out;
    }

    @Override
    public String describe() {
        return "frozen reference model";
    }
}
