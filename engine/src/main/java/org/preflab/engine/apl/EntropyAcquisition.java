package org.preflab.engine.apl;

import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;

/** HIGH_ENTROPY: the n prompts of highest predictive entropy out of n·P drawn. */
public final class EntropyAcquisition implements AcquisitionFunction {
    @Override
    public String id() {
        return "entropy";
    }

    @Override
    public String description() {
        return "the n most uncertain prompts (predictive entropy) out of n*P";
    }

    @Override
    public List<Candidate> acquire(AcquisitionContext ctx, int n) {
        return ctx.pairs(mostUncertain(ctx, ctx.draw(n * ctx.oversamplePrompts()), n));
    }

    /** The {@code keep} items of highest entropy, best first; the choice is recorded. */
    static List<Integer> mostUncertain(AcquisitionContext ctx, List<Integer> items, int keep) {
        int[] top = AcquisitionContext.top(ctx.entropy(items), keep);
        ctx.kept("entropy", top);
        List<Integer> out = new ArrayList<>(top.length);
        for (int i : top) {
            out.add(items.get(i));
        }
        return out;
    }
}
