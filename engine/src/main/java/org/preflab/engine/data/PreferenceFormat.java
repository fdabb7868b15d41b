package org.preflab.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The shapes of preference record PrefLab reads. A file has one shape, taken from its first record that has
 * {@code chosen} and {@code rejected} of a usable type; every other record is checked against it.
 */
public enum PreferenceFormat {
    /** TRL standard: {@code {"prompt", "chosen", "rejected"}}, all strings. */
    STANDARD("TRL standard (prompt, chosen, rejected)", false),
    /**
     * TRL implicit prompt: {@code {"chosen", "rejected"}} strings that both start with the prompt; the prompt is
     * their common beginning, found as TRL's {@code extract_prompt} does (see {@link ImplicitPrompt}).
     */
    IMPLICIT_PROMPT("TRL implicit prompt (chosen, rejected; the prompt is their common beginning)", false),
    /** TRL conversational: prompt, chosen and rejected are lists of {@code {"role", "content"}} messages. */
    CONVERSATIONAL("TRL conversational (prompt, chosen, rejected as messages)", true),
    /** TRL conversational with implicit prompt: chosen and rejected are whole conversations sharing their start. */
    IMPLICIT_CONVERSATIONAL("TRL conversational, implicit prompt (chosen, rejected as whole conversations)", true),
    /**
     * Alpaca-style ranking data: {@code {"instruction", "input" (optional), "chosen", "rejected"}} strings, with the
     * prompt rendered by {@link RecordParser#alpacaPrompt(String, String)}.
     */
    ALPACA("alpaca ranking (instruction, input, chosen, rejected)", false);

    private final String description;
    private final boolean conversational;

    PreferenceFormat(String description, boolean conversational) {
        this.description = description;
        this.conversational = conversational;
    }

    /** For people, e.g. in {@code preflab validate}. */
    public String description() {
        return description;
    }

    /** True when records hold messages that a chat template must render. */
    public boolean conversational() {
        return conversational;
    }

    /**
     * The shape of one record, from its keys and the type of {@code chosen}: empty when it has no {@code chosen} and
     * {@code rejected} that are both strings or both lists (such a record cannot decide the format of a file).
     * {@code instruction} marks alpaca data; otherwise {@code prompt} marks an explicit prompt. Other keys are ignored,
     * as TRL ignores extra columns (except a prompt in an implicit-prompt file, which the reader reports).
     */
    public static Optional<PreferenceFormat> of(JsonNode record) {
        if (record == null || !record.isObject()) {
            return Optional.empty();
        }
        JsonNode chosen = record.get("chosen");
        JsonNode rejected = record.get("rejected");
        if (chosen == null || rejected == null) {
            return Optional.empty();
        }
        boolean text = chosen.isTextual() && rejected.isTextual();
        boolean messages = chosen.isArray() && rejected.isArray();
        if (!text && !messages) {
            return Optional.empty();
        }
        if (record.has("instruction")) {
            return text ? Optional.of(ALPACA) : Optional.empty();
        }
        if (record.has("prompt")) {
            return Optional.of(text ? STANDARD : CONVERSATIONAL);
        }
        return Optional.of(text ? IMPLICIT_PROMPT : IMPLICIT_CONVERSATIONAL);
    }
}
