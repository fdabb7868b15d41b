package org.preflab.engine.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.NonFiniteException;
import org.preflab.engine.runtime.ThreadGovernor;
import org.preflab.engine.train.StepMetrics;
import org.preflab.engine.train.Trainer;

/**
 * The step loop of one stage of a run (a whole run for SFT and DPO; one step of sDPO): control requests at step
 * boundaries, metrics to metrics.jsonl and the listener, health findings as events, evaluations and checkpoints.
 * Metric steps are global across stages ({@code offset} + the stage's own step).
 */
final class StageLoop {
    private final RunRecorder recorder;
    private final RunControl control;
    private final HealthMonitor health;
    private final Path tokenizerDir;
    private final int checkpointEvery;
    private final int evalEvery;
    private Map<String, Double> rowValues = Map.of();
    private java.util.function.Supplier<Map<String, Object>> runState = Map::of;

    StageLoop(RunRecorder recorder, RunControl control, HealthMonitor health, Path tokenizerDir,
            int checkpointEvery, int evalEvery) {
        this.recorder = recorder;
        this.control = control;
        this.health = health;
        this.tokenizerDir = tokenizerDir;
        this.checkpointEvery = checkpointEvery;
        this.evalEvery = evalEvery;
    }

    /** Values added to every training row of this stage (the labels a label-efficient loop has used so far). */
    StageLoop rowValues(Map<String, Double> values) {
        this.rowValues = Map.copyOf(values);
        return this;
    }

    /** More run state saved with each checkpoint, beside stage and step_offset (an objective's own state). */
    StageLoop runState(java.util.function.Supplier<Map<String, Object>> state) {
        this.runState = state;
        return this;
    }

    /**
     * Runs the stage to its end, or until stopped; returns true when it finished.
     *
     * @param evaluate runs an evaluation at a global step and records it (null when there is no eval split)
     */
    boolean run(Trainer<?> trainer, int stage, int offset, IntFunction<Void> evaluate) throws IOException {
        while (!trainer.finished()) {
            org.preflab.engine.runtime.EngineThread.runShortTasks(); // a view's generation or plot, between steps
            try {
                if (!control.awaitRunnable()) {
                    checkpoint(trainer, stage, offset);
                    event(offset + trainer.state().step(), RunEvent.STOPPED, "stopped at step "
                            + (offset + trainer.state().step()) + "; continue with preflab resume " + recorder.dir());
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            var fork = control.takeFork();
            if (fork != null) {
                Path ckpt = checkpoint(trainer, stage, offset);
                Path child = Forks.create(recorder.folder(), ckpt, fork);
                recorder.event(new RunEvent(java.time.Instant.now(), offset + trainer.state().step(), RunEvent.FORK,
                        "forked into " + child + " from " + ckpt.getFileName() + "; run it with preflab resume " + child,
                        Map.of("child", child.toString(), "checkpoint", ckpt.getFileName().toString())));
            }
            StepMetrics local;
            try {
                local = trainer.step();
            } catch (NonFiniteException e) {
                event(offset + e.step(), RunEvent.PAUSED, e.getMessage());
                control.pause(); // the user decides: resume (the next batch), fork with a lower rate, or stop
                continue;
            }
            Map<String, Double> values = withStage(local.values(), stage);
            values.putAll(rowValues);
            StepMetrics m = new StepMetrics(offset + local.step(), values);
            recorder.metrics(m);
            for (HealthMonitor.Finding f : health.observe(m)) {
                recorder.health(m.step(), f);
            }
            for (String change : ThreadGovernor.takeChanges()) { // PREFLAB_CPU=adaptive gave up or took back a thread
                event(m.step(), RunEvent.THREADS, change);
            }
            boolean last = trainer.finished();
            if (evaluate != null && ((evalEvery > 0 && local.step() % evalEvery == 0) || last)) {
                evaluate.apply(m.step());
            }
            if ((checkpointEvery > 0 && local.step() % checkpointEvery == 0) || last) {
                checkpoint(trainer, stage, offset);
            }
        }
        return true;
    }

    private static Map<String, Double> withStage(Map<String, Double> values, int stage) {
        Map<String, Double> out = new LinkedHashMap<>(values);
        out.put(MetricNames.STAGE, (double) stage);
        return out;
    }

    Path checkpoint(Trainer<?> trainer, int stage, int offset) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("stage", stage);
        state.put("step_offset", offset);
        state.put("global_step", offset + trainer.state().step());
        state.putAll(runState.get());
        Path c = Checkpoints.save(trainer, recorder.folder().checkpoints(), tokenizerDir, state,
                offset + trainer.state().step());
        Checkpoints.prune(recorder.folder().checkpoints(), 2);
        recorder.checkpoint(offset + trainer.state().step(), c);
        return c;
    }

    void event(int step, String type, String message) throws IOException {
        recorder.event(step, type, message);
    }
}
