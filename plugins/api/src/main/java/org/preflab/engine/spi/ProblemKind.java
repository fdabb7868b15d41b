package org.preflab.engine.spi;

/** The kinds of bad record in a preference file, so that tools and tests need not parse messages. */
public enum ProblemKind {
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
    CHAT_TEMPLATE,
    /** A field holds a value of the right type that the format cannot use (a label that is neither 0 nor 1). */
    BAD_VALUE
}
