package org.preflab.engine.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One preference pair as text, whatever form the file used: the prompt and the two completions that follow it, so
 * that prompt + chosen and prompt + rejected are the full texts a model sees. The file and line are kept for
 * messages.
 *
 * @param prompt    the shared prompt
 * @param chosen    the preferred completion
 * @param rejected  the other completion
 * @param rendering how the text was made, which decides how it is tokenized
 * @param source    the file it was read from
 * @param line      the 1-based line of the record in that file
 */
public record PreferenceRecord(String prompt, String chosen, String rejected, Rendering rendering, Path source,
        int line) {

    /** Where the text came from. */
    public enum Rendering {
        /**
         * Plain text from the file (standard, implicit-prompt and alpaca forms): tokenized with the tokenizer's
         * special tokens (BOS) and an EOS ending each completion, as TRL does for non-chat data.
         */
        PLAIN,
        /**
         * Conversations rendered by the model's chat template: the template writes every special token itself, so
         * nothing is added when tokenizing.
         */
        CHAT_TEMPLATE,
        /**
         * Conversations read without a chat template, written as {@code role: content} lines. Good for checking
         * and counting characters, not for training: there is no model to render them for.
         */
        TRANSCRIPT
    }

    public PreferenceRecord {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(rendering, "rendering");
    }

    /** {@code file:line}, for messages. */
    public String where() {
        return source + ":" + line;
    }
}
