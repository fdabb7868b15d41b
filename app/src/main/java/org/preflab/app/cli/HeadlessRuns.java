package org.preflab.app.cli;

import java.util.function.BiFunction;
import org.preflab.engine.run.RunControl;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunService;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;

/**
 * Runs for the command line, through the same {@link RunService} as the workbench. The CLI already runs on the
 * engine thread, so the run trains right here; Ctrl-C stops it at the next step, after a checkpoint.
 */
final class HeadlessRuns {
    private HeadlessRuns() {}

    /** Runs and waits; a failure is rethrown so the CLI prints its message and exits non-zero. */
    static int await(EngineThread engine, BiFunction<RunService, RunControl, RunHandle> launch) throws Exception {
        RunService service = RunService.standard(engine);
        RunControl control = new RunControl();
        RunOutcome outcome;
        try (StopOnSignal stop = new StopOnSignal(control)) {
            outcome = launch.apply(service, control).outcome().get();
        }
        if (outcome.state() == RunState.FAILED && outcome.error() instanceof Exception e) {
            throw e;
        }
        return 0;
    }
}
