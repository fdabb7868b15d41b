package org.preflab.engine.spo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.train.Objective;

/**
 * SPO on top of DPO: the alignment loss of {@link DpoObjective} plus the degree loss of {@link SpoTerm},
 * L = L_align + λ·L_SPD. SPO builds on DPO, not the other way round, so the composition lives here and the DPO
 * objective knows nothing of SPO.
 */
public final class SpoObjective implements Objective<PairExample> {
    private final DpoObjective align;
    private final SpoTerm spo;

    public SpoObjective(DpoObjective align, SpoTerm spo) {
        this.align = align;
        this.spo = spo;
    }

    @Override
    public String name() {
        return align.name() + "+spo";
    }

    @Override
    public Output compute(TransformerLM lm, List<PairExample> pairs, NDManager m) {
        return spo.add(align.compute(lm, pairs, m), lm, pairs, m);
    }

    /** SPO's degree head, trained, clipped and checkpointed with the model. */
    @Override
    public Map<String, NDArray> extraParameters() {
        return spo.parameters();
    }
}
