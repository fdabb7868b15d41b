package org.preflab.engine.spi;

/**
 * A pair that could be sent to the oracle: two completions of one prompt, in the order they were made (the loop
 * swaps them at random before the oracle sees them).
 *
 * @param id stable within a run ("r2-c17": round 2, candidate 17), the key of its label
 * @param item the pool item it came from (a prompt, or a dataset pair in the offline setting)
 * @param prompt the prompt text
 * @param promptTokens the prompt's token ids
 * @param first the first completion's token ids
 * @param second the second completion's token ids
 * @param firstText the first completion as text
 * @param secondText the second completion as text
 */
public record Candidate(String id, int item, String prompt, long[] promptTokens, long[] first, long[] second,
        String firstText, String secondText) {}
