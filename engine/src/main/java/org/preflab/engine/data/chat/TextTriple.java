package org.preflab.engine.data.chat;

import java.util.Objects;

/** A preference example as text: the prompt and the two completions that follow it. */
public record TextTriple(String prompt, String chosen, String rejected) {
    public TextTriple {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
    }
}
