package org.preflab.engine.dpo;

import org.preflab.engine.compute.PairBatch;

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

    /** The token ids as {@link PairBatch} lays them out, the prompt fed once. */
    public PairBatch.Pair pair() {
        return new PairBatch.Pair(prompt, chosen, rejected);
    }

    /** Tokens of [prompt, chosen] and [prompt, rejected], TRL's count (the prompt twice), which speeds are given in. */
    public int tokens() {
        return 2 * prompt.length + chosen.length + rejected.length;
    }
}
