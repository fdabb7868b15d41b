package org.preflab.engine.dpo;

import org.preflab.engine.compute.ScoredSequence;

/**
 * One tokenized preference pair; {@code index} is its position in the dataset and keys its cached reference
 * log-probs. The response texts are kept (when known) for methods that work on text, such as SPO's variants.
 */
public record PairExample(int index, long[] prompt, long[] chosen, long[] rejected, String chosenText,
        String rejectedText) {
    public PairExample(int index, long[] prompt, long[] chosen, long[] rejected) {
        this(index, prompt, chosen, rejected, null, null);
    }

    public PairExample withIndex(int newIndex) {
        return new PairExample(newIndex, prompt, chosen, rejected, chosenText, rejectedText);
    }

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
