package org.preflab.app.cli;

import java.nio.file.Path;
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
        Ended ended = runToEnd(engine, launch);
        if (ended.pausedBecause() != null) {
            System.err.println("error: the run paused: " + ended.pausedBecause());
            System.err.println("continue with: " + continueWith(ended.outcome().runDir()));
            return 1;
        }
        return 0;
    }

    /**
     * Trains a run from a config file to its end and returns its folder, for commands that go on with it
     * (compare); a run that pauses, stops or fails is an error naming its folder and how to continue it.
     */
    static Path finish(EngineThread engine, Path config) throws Exception {
        return finish(engine, (service, control, listeners) -> service.start(config, control, listeners));
    }

    /** As {@link #finish(EngineThread, Path)}, continuing a stopped run folder. */
    static Path finishResumed(EngineThread engine, Path runDir) throws Exception {
        return finish(engine, (service, control, listeners) -> service.resume(runDir, control, listeners));
    }

    private static Path finish(EngineThread engine, Launch launch) throws Exception {
        Ended ended = runToEnd(engine, launch);
        RunOutcome o = ended.outcome();
        if (ended.pausedBecause() != null) {
            throw new IllegalStateException("the run " + o.runDir() + " paused: " + ended.pausedBecause()
                    + "; continue with: " + continueWith(o.runDir()));
        }
        if (o.state() != RunState.FINISHED) {
            throw new IllegalStateException("the run " + o.runDir() + " " + o.message());
        }
        return o.runDir();
    }

    private record Ended(RunOutcome outcome, String pausedBecause) {}

    private static Ended runToEnd(EngineThread engine, Launch launch) throws Exception {
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
        return new Ended(outcome, pausedBecause[0]);
    }

    private static String continueWith(Path runDir) {
        return "preflab resume " + runDir + "   (or change settings with: preflab fork " + runDir + " --set ...)";
    }
}
