package org.preflab.engine.apl;

import java.util.List;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;

/**
 * HIGH_ENTROPY_AND_CERTAINTY, the paper's method: sequential filters. Of n·G·P random prompts keep the n·G of
 * highest entropy, make one pair each, and keep the n most certain pairs.
 */
public final class EntropyCertaintyAcquisition implements AcquisitionFunction {
    @Override
    public String id() {
        return "entropy_certainty";
    }

    @Override
    public String description() {
        return "entropy first (n*G of n*G*P prompts), then the n most certain pairs (the paper's)";
    }

    @Override
    public List<Candidate> acquire(AcquisitionContext ctx, int n) {
        int g = n * ctx.overgenerate();
        List<Integer> uncertain = EntropyAcquisition.mostUncertain(ctx, ctx.draw(g * ctx.oversamplePrompts()), g);
        return CertaintyAcquisition.mostCertain(ctx, ctx.pairs(uncertain), n);
    }
}
