package org.preflab.engine.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * The one stream of everything a run records: each value goes to the run folder first (so a crash never loses what
 * a listener was shown) and then to the listener. Nothing in the engine writes metrics or events any other way.
 */
public final class RunRecorder {
    private final RunFolder folder;
    private final RunListener listener;
    private int lastStep;

    public RunRecorder(RunFolder folder, RunListener listener) {
        this.folder = folder;
        this.listener = listener;
    }

    public RunFolder folder() {
        return folder;
    }

    public Path dir() {
        return folder.dir();
    }

    /** The last global step recorded (0 before the first). */
    public int lastStep() {
        return lastStep;
    }

    /** Training begins (or resumes) at {@code startStep} of {@code totalSteps}: recorded so readers know the total. */
    public void start(int startStep, int totalSteps) throws IOException {
        lastStep = startStep;
        event(new RunEvent(java.time.Instant.now(), startStep, RunEvent.STARTED, "training steps "
                + (startStep + 1) + " to " + totalSteps, Map.of("start_step", startStep, "total_steps", totalSteps)));
        listener.onStart(folder.dir(), startStep, totalSteps);
    }

    /** One optimizer step's training metrics. */
    public void metrics(StepMetrics m) throws IOException {
        lastStep = m.step();
        folder.appendMetrics(m);
        listener.onMetrics(m);
    }

    /** An evaluation: its metrics row, each pair's rewards (evals/) and greedy samples (samples/). */
    public void eval(StepMetrics m, List<Map<String, Object>> perPair, List<Map<String, Object>> samples)
            throws IOException {
        folder.appendMetrics(m);
        if (perPair != null) {
            folder.writeJsonLines(RunFolder.evalFile(m.step()), perPair);
        }
        if (samples != null) {
            folder.writeJsonLines(RunFolder.samplesFile(m.step()), samples);
        }
        listener.onEval(m);
    }

    /** Whether the eval pairs' texts (evals/pairs.jsonl) are written: once per run, a resume keeps them. */
    public boolean hasEvalPairTexts() {
        return java.nio.file.Files.exists(folder.dir().resolve(RunFolder.EVAL_PAIR_TEXTS));
    }

    /** The eval pairs' prompt, chosen and rejected texts by index, for drill-down (the same set at every eval). */
    public void evalPairTexts(List<Map<String, Object>> rows) throws IOException {
        folder.writeJsonLines(RunFolder.EVAL_PAIR_TEXTS, rows);
    }

    /** The step-0 data counts (written once; a resumed run keeps the first). */
    public void dataCounts(int train, int eval, int truncated, int dropped) throws IOException {
        folder.appendDataCounts(train, eval, truncated, dropped);
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(MetricNames.DATA_TRAIN_PAIRS, (double) train);
        v.put(MetricNames.DATA_EVAL_PAIRS, (double) eval);
        v.put(MetricNames.DATA_TRUNCATED, (double) truncated);
        v.put(MetricNames.DATA_DROPPED, (double) dropped);
        listener.onDataCounts(new StepMetrics(0, v));
    }

    public void event(RunEvent e) throws IOException {
        folder.appendEvent(e);
        listener.onEvent(e);
    }

    public void event(int step, String type, String message) throws IOException {
        event(RunEvent.of(step, type, message));
    }

    public void health(int step, HealthMonitor.Finding f) throws IOException {
        event(RunEvent.health(step, f));
    }

    public void checkpoint(int step, Path checkpoint) throws IOException {
        event(new RunEvent(java.time.Instant.now(), step, RunEvent.CHECKPOINT, "saved " + checkpoint.getFileName(),
                Map.of("path", folder.dir().relativize(checkpoint).toString())));
    }

    /** sDPO: from {@code stage} on, the reference is the model saved in {@code reference}. */
    public void referenceRefresh(int step, int stage, Path reference, String message) throws IOException {
        event(new RunEvent(java.time.Instant.now(), step, RunEvent.REFERENCE_REFRESH, message,
                Map.of("stage", stage, "path", folder.dir().relativize(reference).toString())));
    }

    /**
     * The run ended; a failure or a finish is written to the events first so the folder tells what happened (a stop
     * was recorded by the loop, with its step).
     */
    public void finish(RunOutcome outcome, int step) {
        if (outcome.state() != RunState.STOPPED) {
            String type = outcome.state() == RunState.FAILED ? RunEvent.FAILED : RunEvent.FINISHED;
            RunEvent e = RunEvent.of(step, type, outcome.message());
            try {
                folder.appendEvent(e);
            } catch (IOException ignored) {
                // the failure itself may be an unwritable folder; the listener still hears of it
            }
            listener.onEvent(e);
        }
        listener.onFinish(outcome);
    }
}
