package org.preflab.engine.train;

/** A loss or gradient went NaN or infinite; the weights were left as they were before the step. */
public final class NonFiniteException extends RuntimeException {
    private final int step;

    public NonFiniteException(int step, String what, double value) {
        super(what + " is " + value + " at step " + step + "; the update was skipped and the weights are unchanged."
                + " Lower the learning rate or beta, or check the data for empty completions.");
        this.step = step;
    }

    public int step() {
        return step;
    }
}
