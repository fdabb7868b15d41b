package org.preflab.engine.data;

import java.util.Objects;
import org.preflab.engine.spi.ProblemKind;

/**
 * Why one record of a preference file cannot be used: where it is (line, and field when one is to blame), what kind of
 * problem it is ({@link ProblemKind}), and a message for people. {@link #toString()} reads like the house error style:
 * {@code line 7: field 'chosen' is empty}.
 *
 * @param line  1-based line of the record (JSONL: its line; JSON array: the line its object starts on)
 * @param field the field to blame, e.g. {@code chosen} or {@code prompt[1].content}; null for whole-record problems
 * @param kind  what went wrong
 * @param message what went wrong, for people, without the line number
 */
public record RecordProblem(int line, String field, ProblemKind kind, String message) {
    public RecordProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
