package org.preflab.engine.run;

import java.nio.file.Path;
import java.util.List;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.runtime.EngineThread;

/**
 * Starts and resumes runs on the engine thread and hands back a {@link RunHandle}; the workbench and the command
 * line are two clients of this one API. Runs queue: the engine thread trains one at a time.
 */
public final class RunService {
    private final EngineThread engine;
    private final PairSource pairs;
    private final PreferenceLosses losses;

    public RunService(EngineThread engine, PairSource pairs, PreferenceLosses losses) {
        this.engine = engine;
        this.pairs = pairs;
        this.losses = losses;
    }

    /** Preference files in every TRL form, and the loss variants on the class path and in the plugin folder. */
    public static RunService standard(EngineThread engine) {
        return new RunService(engine, new PreferenceFileSource(), PreferenceLosses.load());
    }

    /** The loss registry runs use (its ids and its plugin load problems are what a run setup can offer). */
    public PreferenceLosses losses() {
        return losses;
    }

    /** Starts a run from an experiment file (or a project folder holding experiment.json). */
    public RunHandle start(Path configOrProject, RunListener... listeners) {
        return start(configOrProject, new RunControl(), listeners);
    }

    /** As {@link #start(Path, RunListener...)}, steered by a control made beforehand (a signal handler's). */
    public RunHandle start(Path configOrProject, RunControl control, RunListener... listeners) {
        Path config = java.nio.file.Files.isDirectory(configOrProject)
                ? configOrProject.resolve("experiment.json") : configOrProject;
        return launch(null, control, listeners, (ex, l) -> ex.start(config, l));
    }

    /** Continues a stopped or killed run from its newest checkpoint. */
    public RunHandle resume(Path runDir, RunListener... listeners) {
        return resume(runDir, new RunControl(), listeners);
    }

    public RunHandle resume(Path runDir, RunControl control, RunListener... listeners) {
        return launch(runDir, control, listeners, (ex, l) -> ex.resume(runDir, l));
    }

    private interface Launch {
        RunOutcome run(RunExecutor executor, RunListener listener) throws Exception;
    }

    /**
     * Queues the run on the engine thread (runs it right here when called on the engine thread, as the CLI is).
     * Whatever happens, the handle's outcome completes: an exception becomes a FAILED outcome.
     */
    private RunHandle launch(Path runDir, RunControl control, RunListener[] listeners, Launch launch) {
        RunExecutor executor = new RunExecutor(pairs, losses, control);
        RunHandle handle = new RunHandle(executor.control(), List.of(listeners));
        RunListener dispatcher = handle.dispatcher();
        Runnable task = () -> {
            try {
                launch.run(executor, dispatcher);
            } catch (Exception | Error e) {
                // the executor has told the listeners (onFinish FAILED); this covers what escaped before that
                if (!handle.outcome().isDone()) {
                    dispatcher.onFinish(RunOutcome.failed(runDir, e));
                }
                if (e instanceof Error err && !(e instanceof OutOfMemoryError)) {
                    throw err;
                }
            }
        };
        if (engine.isEngineThread()) {
            task.run();
        } else {
            engine.submit(() -> {
                task.run();
                return null;
            });
        }
        return handle;
    }
}
