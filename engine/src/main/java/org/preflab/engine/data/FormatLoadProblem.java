package org.preflab.engine.data;

/**
 * A dataset-format provider that could not be used: a missing class, a constructor that threw, a blank or repeated
 * id. The registry goes on without it and lists these for the workbench and {@code preflab plugins}.
 *
 * @param provider the provider's class name, or what is known of it
 * @param message one line saying what went wrong
 * @param cause the original error, or null when a check found the problem
 */
public record FormatLoadProblem(String provider, String message, Throwable cause) {
    @Override
    public String toString() {
        return provider + ": " + message;
    }
}
