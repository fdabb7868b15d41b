package org.preflab.engine.run;

import org.preflab.engine.train.StepMetrics;

/**
 * Observes a run. Called on the engine thread: implementations must be cheap and never block (the GUI queues the
 * values and drains them on the FX thread). Values are plain numbers and strings, never NDArrays.
 */
public interface RunListener {
    default void onStart(java.nio.file.Path runDir, int startStep, int totalSteps) {}

    default void onMetrics(StepMetrics metrics) {}

    /** A checkpoint, a warning, a resume: type plus a human-readable message. */
    default void onEvent(String type, String message) {}

    default void onFinish(java.nio.file.Path runDir, boolean completed) {}
}
