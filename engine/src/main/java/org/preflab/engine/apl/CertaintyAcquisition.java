package org.preflab.engine.apl;

import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;

/**
 * CERTAINTY: of n·G pairs from random prompts, the n the policy's implicit reward ranks most confidently, hoping
 * to find those it ranks confidently but wrongly.
 */
public final class CertaintyAcquisition implements AcquisitionFunction {
    @Override
    public String id() {
        return "certainty";
    }

    @Override
    public String description() {
        return "the n pairs with the most confident implicit preference out of n*G";
    }

    @Override
    public List<Candidate> acquire(AcquisitionContext ctx, int n) {
        return mostCertain(ctx, ctx.pairs(ctx.draw(n * ctx.overgenerate())), n);
    }

    /** The {@code keep} pairs of highest certainty, best first; the choice is recorded. */
    static List<Candidate> mostCertain(AcquisitionContext ctx, List<Candidate> pairs, int keep) {
        int[] top = AcquisitionContext.top(ctx.certainty(pairs), keep);
        ctx.kept("certainty", top);
        List<Candidate> out = new ArrayList<>(top.length);
        for (int i : top) {
            out.add(pairs.get(i));
        }
        return out;
    }
}
