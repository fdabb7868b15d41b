package org.preflab.app.cli;

import org.preflab.engine.run.RunControl;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunService;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;

/**
 * Runs for the command line, through the same {@link RunService} as the workbench. The CLI already runs on the
 * engine thread, so the run trains right here; Ctrl-C stops it at the next step, after a checkpoint. A run that
 * pauses itself (a non-finite loss) has nobody to ask headless: it stops, and the command exits 1 with the message
 * and the command that continues it.
 */
final class HeadlessRuns {
    private HeadlessRuns() {}

    /** How a command launches its run: start or resume, with the given control and listeners. */
    interface Launch {
        RunHandle apply(RunService service, RunControl control, RunListener... listeners);
    }

    /** Runs and waits; a failure is rethrown so the CLI prints its message and exits non-zero. */
    static int await(EngineThread engine, Launch launch) throws Exception {
        RunService service = RunService.standard(engine);
        RunControl control = new RunControl();
        String[] pausedBecause = {null};
        RunListener pauseStops = new RunListener() {
            @Override
            public void onEvent(RunEvent e) {
                if (e.type().equals(RunEvent.PAUSED)) {
                    pausedBecause[0] = e.message();
                    control.stop();
                }
            }
        };
        RunOutcome outcome;
        try (StopOnSignal stop = new StopOnSignal(control)) {
            outcome = launch.apply(service, control, new ProgressBar(System.out), pauseStops,
                    InlineLabelling.forThisTerminal()).outcome().get();
        }
        if (outcome.state() == RunState.FAILED && outcome.error() instanceof Exception e) {
            throw e;
        }
        if (pausedBecause[0] != null) {
            System.err.println("error: the run paused: " + pausedBecause[0]);
            System.err.println("continue with: preflab resume " + outcome.runDir()
                    + "   (or change settings with: preflab fork " + outcome.runDir() + " --set ...)");
            return 1;
        }
        return 0;
    }
}
