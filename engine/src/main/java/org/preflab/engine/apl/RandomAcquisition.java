package org.preflab.engine.apl;

import java.util.List;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;

/** The baseline: n random pool items, one pair each. */
public final class RandomAcquisition implements AcquisitionFunction {
    @Override
    public String id() {
        return "random";
    }

    @Override
    public String description() {
        return "n random prompts, one sampled pair each (the baseline)";
    }

    @Override
    public List<Candidate> acquire(AcquisitionContext ctx, int n) {
        return ctx.pairs(ctx.draw(n));
    }
}
