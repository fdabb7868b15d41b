package org.preflab.engine.run;

import java.nio.file.Path;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * Observes a run: everything the run records reaches listeners exactly as it reaches the run folder (through
 * {@link RunRecorder}). Called on the engine thread: implementations must be cheap and never block (the GUI queues
 * the values and drains them on the FX thread). Values are plain numbers and strings, never NDArrays.
 */
public interface RunListener {
    default void onStart(Path runDir, int startStep, int totalSteps) {}

    /** One optimizer step's training metrics (TRL's names, see {@link MetricNames}). */
    default void onMetrics(StepMetrics metrics) {}

    /** One evaluation's metrics ({@code eval_} names), at the global step it ran after. */
    default void onEval(StepMetrics metrics) {}

    /** The data counts of the run (step-0 row: data/train_pairs, data/eval_pairs, data/truncated, data/dropped). */
    default void onDataCounts(StepMetrics counts) {}

    /** A checkpoint, a health finding, a reference refresh, a warning, a resume, a failure. */
    default void onEvent(RunEvent event) {}

    /** The run ended: finished, stopped or failed (always called, also when the run fails). */
    default void onFinish(RunOutcome outcome) {}

    /** Calls each of {@code listeners} in turn. */
    static RunListener all(java.util.List<? extends RunListener> listeners) {
        return new RunListener() {
            @Override
            public void onStart(Path runDir, int startStep, int totalSteps) {
                listeners.forEach(l -> l.onStart(runDir, startStep, totalSteps));
            }

            @Override
            public void onMetrics(StepMetrics m) {
                listeners.forEach(l -> l.onMetrics(m));
            }

            @Override
            public void onEval(StepMetrics m) {
                listeners.forEach(l -> l.onEval(m));
            }

            @Override
            public void onDataCounts(StepMetrics counts) {
                listeners.forEach(l -> l.onDataCounts(counts));
            }

            @Override
            public void onEvent(RunEvent e) {
                listeners.forEach(l -> l.onEvent(e));
            }

            @Override
            public void onFinish(RunOutcome outcome) {
                listeners.forEach(l -> l.onFinish(outcome));
            }
        };
    }
}
