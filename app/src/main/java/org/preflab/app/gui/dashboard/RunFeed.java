package org.preflab.app.gui.dashboard;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunState;
import org.preflab.engine.train.StepMetrics;

/**
 * What a run reports, from either source, queued for the FX thread: the listener of a run training in this window
 * (called on the engine thread; it only queues and signals, it never waits) or a {@link RunLog} polled on a timer
 * (a run another process writes, or one that ended). The FX side drains the queue in one go.
 */
final class RunFeed implements RunListener {
    /** One reported thing. */
    sealed interface Item permits Train, Eval, Event, Counts, Started, Ended, Info, Problem, Forked {}

    /** A training row, with when it arrived (for the time left). */
    record Train(StepMetrics metrics, long nanos) implements Item {}

    record Eval(StepMetrics metrics) implements Item {}

    record Event(RunEvent event) implements Item {}

    record Counts(StepMetrics counts) implements Item {}

    record Started(int step, int totalSteps) implements Item {}

    record Ended(RunOutcome outcome) implements Item {}

    /**
     * What the folder tells besides rows: the state a reader can see (for a run not training in this window), the
     * device it ran on, the config's step budget, whether a checkpoint exists to resume or fork from, and whether
     * the run is another trainer's (a TRL output folder: followed, never resumed or forked here).
     */
    record Info(RunState diskState, String device, int maxSteps, int epochs, boolean hasCheckpoint, boolean foreign)
            implements Item {}

    /** The folder could not be read. */
    record Problem(String message) implements Item {}

    /** A fork made from the folder's newest checkpoint (child), or why it could not be (error). */
    record Forked(java.nio.file.Path child, String error) implements Item {}

    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    private final Runnable signal;

    /** {@code signal} asks for a drain (an FxCoalescer's request); it must return at once. */
    RunFeed(Runnable signal) {
        this.signal = signal;
    }

    void add(Item item) {
        queue.add(item);
        signal.run();
    }

    /** Hands everything queued so far to {@code sink}, in order. */
    void drainTo(Consumer<Item> sink) {
        for (Item i = queue.poll(); i != null; i = queue.poll()) {
            sink.accept(i);
        }
    }

    /** Queues what a poll of a run folder found (a whole history on the first poll). */
    void addPolled(RunLog.Update u) {
        if (u.dataCounts() != null) {
            queue.add(new Counts(u.dataCounts()));
        }
        long now = System.nanoTime();
        u.train().forEach(m -> queue.add(new Train(m, now)));
        u.evals().forEach(m -> queue.add(new Eval(m)));
        u.events().forEach(e -> queue.add(new Event(e)));
        if (!u.isEmpty()) {
            signal.run();
        }
    }

    /** Queues a run folder's whole history as read now. */
    void addHistory(RunLog log) {
        addPolled(new RunLog.Update(log.train(), log.evals(), log.events(), log.dataCounts().orElse(null)));
    }

    // the listener side: engine thread, cheap, never blocks

    @Override
    public void onStart(Path runDir, int startStep, int totalSteps) {
        add(new Started(startStep, totalSteps));
    }

    @Override
    public void onMetrics(StepMetrics m) {
        add(new Train(m, System.nanoTime()));
    }

    @Override
    public void onEval(StepMetrics m) {
        add(new Eval(m));
    }

    @Override
    public void onDataCounts(StepMetrics counts) {
        add(new Counts(counts));
    }

    @Override
    public void onEvent(RunEvent e) {
        add(new Event(e));
    }

    @Override
    public void onFinish(RunOutcome o) {
        add(new Ended(o));
    }
}
