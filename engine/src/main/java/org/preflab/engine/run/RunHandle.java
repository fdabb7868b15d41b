package org.preflab.engine.run;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.train.StepMetrics;

/**
 * A run started through {@link RunService}: its state, its folder once made, its controls and its outcome. Any
 * thread may read it; listeners added here hear the run from then on (on the engine thread).
 */
public final class RunHandle {
    private final RunControl control;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    private volatile RunState state = RunState.QUEUED;
    private volatile Path runDir;
    private volatile int step;
    private volatile int totalSteps;

    RunHandle(RunControl control, List<RunListener> initial) {
        this.control = control;
        listeners.addAll(initial);
    }

    /** Queued, running, paused (by request or after a non-finite loss), finished, stopped or failed. */
    public RunState state() {
        RunState s = state;
        if (s == RunState.RUNNING && control.request() == RunControl.Request.PAUSE) {
            return RunState.PAUSED;
        }
        return s;
    }

    /** The run folder, or null until the run has made (or opened) it. */
    public Path runDir() {
        return runDir;
    }

    /** The last global step recorded, and the run's total. */
    public int step() {
        return step;
    }

    public int totalSteps() {
        return totalSteps;
    }

    public RunControl control() {
        return control;
    }

    /** Completes when the run ends, never exceptionally: a failure is an outcome with state FAILED. */
    public CompletableFuture<RunOutcome> outcome() {
        return outcome;
    }

    public void addListener(RunListener l) {
        listeners.add(l);
    }

    public void removeListener(RunListener l) {
        listeners.remove(l);
    }

    /** The listener the executor calls: keeps this handle's state, then tells every listener. */
    RunListener dispatcher() {
        RunListener all = RunListener.all(listeners);
        return new RunListener() {
            @Override
            public void onStart(Path dir, int startStep, int total) {
                runDir = dir;
                step = startStep;
                totalSteps = total;
                state = RunState.RUNNING;
                all.onStart(dir, startStep, total);
            }

            @Override
            public void onMetrics(StepMetrics m) {
                step = m.step();
                all.onMetrics(m);
            }

            @Override
            public void onEval(StepMetrics m) {
                all.onEval(m);
            }

            @Override
            public void onDataCounts(StepMetrics counts) {
                all.onDataCounts(counts);
            }

            @Override
            public void onEvent(RunEvent e) {
                all.onEvent(e);
            }

            @Override
            public void onFinish(RunOutcome o) {
                if (o.runDir() != null) {
                    runDir = o.runDir();
                }
                state = o.state();
                try {
                    all.onFinish(o);
                } finally {
                    outcome.complete(o);
                }
            }
        };
    }
}
