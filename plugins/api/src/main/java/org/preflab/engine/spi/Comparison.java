package org.preflab.engine.spi;

import java.util.Objects;

/**
 * One question for an oracle: which of two completions of a prompt is better. The texts are as the model produced
 * them (completions without the prompt). The A/B order is already the one the oracle sees (the caller swaps at
 * random and records it), so an oracle never knows which side is the policy's.
 *
 * @param id a stable key for this question within a run (a human answer is matched to it after a restart)
 * @param prompt the prompt text
 * @param a the first completion shown
 * @param b the second completion shown
 */
public record Comparison(String id, String prompt, String a, String b) {
    public Comparison {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
