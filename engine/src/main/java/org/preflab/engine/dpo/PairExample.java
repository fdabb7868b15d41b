package org.preflab.engine.dpo;

import org.preflab.engine.compute.ScoredSequence;

/**
 * One tokenized preference pair; {@code index} is its position in the dataset and keys its cached reference
 * log-probs.
 */
public record PairExample(int index, long[] prompt, long[] chosen, long[] rejected) {
    public ScoredSequence chosenSequence() {
        return new ScoredSequence(prompt, chosen);
    }

    public ScoredSequence rejectedSequence() {
        return new ScoredSequence(prompt, rejected);
    }

    public int tokens() {
        return 2 * prompt.length + chosen.length + rejected.length;
    }
}
