package org.preflab.engine.data;

import java.util.Objects;

/**
 * Why one record of a preference file cannot be used: where it is (line, and field when one is to blame), what kind of
 * problem it is, and a message for people. {@link #toString()} reads like the house error style:
 * {@code line 7: field 'chosen' is empty}.
 *
 * @param line  1-based line of the record (JSONL: its line; JSON array: the line its object starts on)
 * @param field the field to blame, e.g. {@code chosen} or {@code prompt[1].content}; null for whole-record problems
 * @param kind  what went wrong
 * @param message what went wrong, for people, without the line number
 */
public record RecordProblem(int line, String field, Kind kind, String message) {

    /** The kinds of bad record, so that tools and tests need not parse messages. */
    public enum Kind {
        /** The line (or the rest of a JSON array) is not valid JSON. */
        MALFORMED_JSON,
        /** The record is valid JSON but not an object. */
        NOT_AN_OBJECT,
        /** A field the format needs is absent or null. */
        MISSING_FIELD,
        /** A field is an empty string (or only whitespace), or an empty list of messages. */
        EMPTY_FIELD,
        /** A field has the wrong JSON type, e.g. a number where text belongs. */
        WRONG_TYPE,
        /** The record has a field of another format, e.g. a prompt in a file of implicit-prompt records. */
        FORMAT_MISMATCH,
        /** Chosen and rejected are the same, so the pair teaches nothing. */
        IDENTICAL_COMPLETIONS,
        /** Implicit-prompt data whose chosen and rejected share no beginning: there is no prompt to extract. */
        NO_COMMON_PROMPT,
        /** The model's chat template refused the conversation (e.g. roles that do not alternate). */
        CHAT_TEMPLATE
    }

    public RecordProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
