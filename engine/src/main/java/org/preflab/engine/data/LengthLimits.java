package org.preflab.engine.data;

/**
 * Token limits for a pair, as in TRL's DPOConfig.
 *
 * @param maxLength       the most tokens in prompt + chosen and in prompt + rejected; 0 for no limit. Over-long
 *                        sequences keep their start (TRL's default and only non-deprecated {@code truncation_mode},
 *                        {@code keep_start}): the completion loses its end; a pair whose prompt alone has
 *                        {@code maxLength} tokens or more is dropped, as nothing of its completions would remain.
 * @param maxPromptLength the most prompt tokens; 0 for no limit. Longer prompts keep their end (the text nearest the
 *                        completion, as TRL's {@code max_prompt_length} did before it was removed) and their BOS.
 */
public record LengthLimits(int maxLength, int maxPromptLength) {
    /** No truncation at all. */
    public static final LengthLimits NONE = new LengthLimits(0, 0);

    public LengthLimits {
        if (maxLength < 0 || maxLength == 1) {
            throw new IllegalArgumentException("max_length = " + maxLength + " is invalid: use 0 (no limit) or >= 2");
        }
        if (maxPromptLength < 0) {
            throw new IllegalArgumentException("max_prompt_length = " + maxPromptLength + " is invalid: must be >= 0");
        }
    }

    public boolean limitsLength() {
        return maxLength > 0;
    }
}
