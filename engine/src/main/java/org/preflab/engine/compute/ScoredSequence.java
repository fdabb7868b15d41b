package org.preflab.engine.compute;

/**
 * A (prompt, completion) pair of token ids to be scored: the log-prob of the completion given the prompt.
 *
 * @param prompt ids conditioned on (at least one; BOS counts)
 * @param completion ids whose log-probs are summed
 */
public record ScoredSequence(long[] prompt, long[] completion) {
    public ScoredSequence {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("a scored sequence needs at least one prompt token (BOS will do)");
        }
    }

    public int length() {
        return prompt.length + completion.length;
    }
}
