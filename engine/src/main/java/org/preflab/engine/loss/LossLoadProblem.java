package org.preflab.engine.loss;

/**
 * A loss provider that could not be used: a missing class, a constructor that threw, a blank or duplicate id.
 * The registry keeps going without it and lists these for display.
 *
 * @param provider the provider's class name, or what is known of it
 * @param message  one line saying what went wrong
 * @param cause    the original error, or null when the problem was found by a check
 */
public record LossLoadProblem(String provider, String message, Throwable cause) {
    @Override
    public String toString() {
        return provider + ": " + message;
    }
}
