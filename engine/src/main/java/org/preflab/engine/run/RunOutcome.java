package org.preflab.engine.run;

import java.nio.file.Path;

/**
 * How a run ended: finished (every step trained), stopped (by a request, with a checkpoint to resume from) or
 * failed (with the message, and the error for callers that rethrow it).
 *
 * @param runDir the run folder (null when the run failed before one was made)
 */
public record RunOutcome(RunState state, Path runDir, String message, Throwable error) {
    public RunOutcome {
        if (!state.isFinal()) {
            throw new IllegalArgumentException("an outcome is final, not " + state);
        }
    }

    public static RunOutcome finished(Path runDir) {
        return new RunOutcome(RunState.FINISHED, runDir, "finished", null);
    }

    public static RunOutcome stopped(Path runDir) {
        return new RunOutcome(RunState.STOPPED, runDir, "stopped; continue with preflab resume " + runDir, null);
    }

    public static RunOutcome failed(Path runDir, Throwable error) {
        String m = error.getMessage();
        return new RunOutcome(RunState.FAILED, runDir, m == null ? error.getClass().getSimpleName() : m, error);
    }
}
