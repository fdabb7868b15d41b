package org.preflab.engine.dpo;

import java.util.List;

/** Where the reference model's summed completion log-probs come from: a cache, or a frozen model on the fly. */
public interface ReferenceLogps {
    /** {chosen[], rejected[]} for the pairs, in order. */
    float[][] of(List<PairExample> pairs);

    /** A short description for the run's events ("cached 4f2a…", "frozen copy"). */
    String describe();
}
