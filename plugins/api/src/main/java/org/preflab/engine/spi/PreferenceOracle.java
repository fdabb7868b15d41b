package org.preflab.engine.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Labels pairs: the dataset's hidden labels, a programmatic reward, a reward model or a person. Answers arrive
 * asynchronously (a person may take minutes; a restart must not lose an answer given meanwhile), so a loop asks
 * for a whole batch, then waits.
 *
 * <p>An oracle is made per run by its {@link OracleProvider} and closed when the run ends. Calls come from the
 * engine thread; a future may complete on any thread.
 */
public interface PreferenceOracle extends AutoCloseable {

    /** Asks one question; the future completes with the answer (or exceptionally when the oracle fails). */
    CompletableFuture<Judgement> judge(Comparison comparison);

    /** One line for events and the workbench: what judges ("sentiment lexicon + length", "a person"). */
    String describe();

    /**
     * The oracle's score of one completion, where it has one without a comparison (a programmatic reward or a
     * reward model); NaN otherwise. Evaluation reports the policy's mean score beside its KL when this is a number.
     */
    default double score(String prompt, String completion) {
        return Double.NaN;
    }

    @Override
    default void close() {}
}
