package org.preflab.engine.data;

import java.util.Objects;

/**
 * One preference pair as token ids, laid out as TRL's DPO collator expects: {@code prompt + chosen} and
 * {@code prompt + rejected} are the two sequences, and only the completion ids are scored.
 *
 * @param prompt   the prompt ids (with BOS for plain text; as the chat template wrote it for conversations)
 * @param chosen   the ids after the prompt in prompt + chosen (ending with EOS for plain text, unless truncated)
 * @param rejected the ids after the prompt in prompt + rejected
 * @param line     the record's line in its file
 */
public record TokenizedPair(long[] prompt, long[] chosen, long[] rejected, int line) {
    public TokenizedPair {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
    }

    /** The longer of the two sequences, which is what max_length limits. */
    public int longestSequence() {
        return prompt.length + Math.max(chosen.length, rejected.length);
    }
}
