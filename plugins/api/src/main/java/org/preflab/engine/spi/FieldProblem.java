package org.preflab.engine.spi;

import java.util.Objects;

/**
 * Why one record cannot be used, as a {@link DatasetFormat} reports it: the engine adds the file and line.
 *
 * @param field   the field to blame, e.g. {@code chosen} or {@code prompt[1].content}; null for the whole record
 * @param kind    what went wrong
 * @param message what went wrong, for people, naming the field ("field 'chosen' is empty")
 */
public record FieldProblem(String field, ProblemKind kind, String message) {
    public FieldProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
