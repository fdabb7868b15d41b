package org.preflab.app.gui.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.chart.EventMarker;
import org.preflab.engine.run.Forks;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.MemoryProbe;

/**
 * The live dashboard's state and logic, without a node: the run's metrics (history first, then live rows or what
 * a poll of the folder finds), its events and health findings, its state and the controls that state allows, and
 * the status line (device, step of total, tokens/s, time left, memory). Everything here runs on the FX thread;
 * values from the engine thread and the folder watcher arrive through {@link RunFeed} and are applied in
 * {@link #drain()}, at most about ten times a second.
 */
public final class DashboardViewModel implements AutoCloseable {
    private final Path runDir;
    private final RunAccess access;
    private final Consumer<String> notifier;
    private final RunFeed feed;
    private final FolderWatch watch;
    private final MetricStore store = new MetricStore();
    private final Progress progress = new Progress();
    private final Set<String> seenEvents = new HashSet<>();
    private LiveRun live;
    private int maxSteps;
    private int epochs;

    private final ObjectProperty<RunState> state = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty();
    private final BooleanProperty isLive = new SimpleBooleanProperty();
    private final BooleanProperty hasCheckpoint = new SimpleBooleanProperty();
    private final BooleanProperty foreign = new SimpleBooleanProperty();
    private final IntegerProperty step = new SimpleIntegerProperty();
    private final IntegerProperty totalSteps = new SimpleIntegerProperty();
    private final StringProperty device = new SimpleStringProperty("");
    private final StringProperty stepText = new SimpleStringProperty("");
    private final StringProperty throughput = new SimpleStringProperty("");
    private final StringProperty timeLeft = new SimpleStringProperty("");
    private final StringProperty memory = new SimpleStringProperty("");
    private final StringProperty dataText = new SimpleStringProperty("");
    private final ObjectProperty<MetricStore.XAxis> xAxis = new SimpleObjectProperty<>(MetricStore.XAxis.STEP);
    private final IntegerProperty revision = new SimpleIntegerProperty();
    private final ObservableList<RunEvent> events = FXCollections.observableArrayList();
    private final ObservableList<RunEvent> health = FXCollections.observableArrayList();
    private final ObjectProperty<RunEvent> selectedEvent = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> lastFork = new SimpleObjectProperty<>();
    private final BooleanBinding canPause;
    private final BooleanBinding canResume;
    private final BooleanBinding canStop;
    private final BooleanBinding canFork;

    /**
     * @param notifier tells the user something important (a run ended or failed): a notification
     * @param scheduler makes the "drain soon" signal from the drain (an FxCoalescer's request; a no-op in tests)
     */
    public DashboardViewModel(Path runDir, RunAccess access, Consumer<String> notifier,
            Function<Runnable, Runnable> scheduler) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.access = access;
        this.notifier = notifier;
        this.feed = new RunFeed(scheduler.apply(this::drain));
        this.watch = new FolderWatch(this.runDir, feed);
        canPause = Bindings.createBooleanBinding(() -> isLive.get() && state.get() == RunState.RUNNING, isLive, state);
        canStop = Bindings.createBooleanBinding(() -> isLive.get() && state.get() != null && !state.get().isFinal(),
                isLive, state);
        canResume = Bindings.createBooleanBinding(() -> (isLive.get() && state.get() == RunState.PAUSED)
                || ((state.get() == RunState.STOPPED || state.get() == RunState.FAILED) && hasCheckpoint.get()
                && !foreign.get()), isLive, state, hasCheckpoint, foreign);
        canFork = Bindings.createBooleanBinding(() -> state.get() != null && state.get() != RunState.QUEUED
                && !foreign.get() && (hasCheckpoint.get() || (isLive.get() && state.get() == RunState.RUNNING)),
                isLive, state, hasCheckpoint, foreign);
        xAxis.addListener((o, a, b) -> revision.set(revision.get() + 1));
    }

    /** Attaches to the run if it trains in this window (else follows its folder) and reads its history. */
    public void open() {
        access.live(runDir).ifPresent(this::attach);
        watch.start(live == null);
        updateMemory();
    }

    private void attach(LiveRun l) {
        live = l;
        l.addListener(feed); // before the history is read: a row in both is replaced, none is missed
        isLive.set(true);
        state.set(l.state());
        totalSteps.set(l.totalSteps());
    }

    /** Once a second: memory, the live run's state (pause shows at once), a run this window started meanwhile. */
    public void tick() {
        updateMemory();
        if (live != null) {
            state.set(live.state());
            if (live.totalSteps() > 0) {
                totalSteps.set(live.totalSteps());
            }
        } else {
            access.live(runDir).ifPresent(l -> {
                attach(l);
                watch.stopFollowing();
            });
        }
        updateStatus();
    }

    /** Applies everything queued by the engine thread and the folder watcher. */
    public void drain() {
        int before = revision.get();
        boolean[] changed = {false};
        feed.drainTo(item -> changed[0] |= apply(item));
        if (changed[0] && revision.get() == before) {
            revision.set(before + 1);
        }
        updateStatus();
    }

    /** Returns true when the metrics changed. */
    private boolean apply(RunFeed.Item item) {
        if (item instanceof RunFeed.Train t) {
            store.add(t.metrics());
            progress.step(t.metrics().step(), t.nanos());
            step.set(t.metrics().step());
            return true;
        } else if (item instanceof RunFeed.Eval e) {
            store.add(e.metrics());
            return true;
        } else if (item instanceof RunFeed.Event e) {
            onEvent(e.event());
        } else if (item instanceof RunFeed.Counts c) {
            dataText.set(dataCounts(c.counts().values()));
        } else if (item instanceof RunFeed.Started s) {
            state.set(RunState.RUNNING);
            failed.set(false);
            message.set("");
            totalSteps.set(s.totalSteps());
        } else if (item instanceof RunFeed.Ended e) {
            ended(e.outcome().state(), e.outcome().message());
        } else if (item instanceof RunFeed.Info i) {
            device.set(i.device());
            maxSteps = i.maxSteps();
            epochs = i.epochs();
            hasCheckpoint.set(hasCheckpoint.get() || i.hasCheckpoint());
            foreign.set(i.foreign());
            if (live == null) {
                RunState before = state.get();
                if (before == RunState.RUNNING && i.diskState().isFinal()) {
                    ended(i.diskState(), lastEventMessage(i.diskState()));
                } else {
                    state.set(i.diskState());
                    if (i.diskState() == RunState.FAILED) {
                        failed.set(true);
                        message.set(lastEventMessage(RunState.FAILED));
                    }
                }
            }
        } else if (item instanceof RunFeed.Problem p) {
            message.set(p.message());
            failed.set(true);
        } else if (item instanceof RunFeed.Forked f) {
            if (f.child() != null) {
                lastFork.set(f.child());
                message.set("forked into " + f.child().getFileName());
            } else {
                message.set("fork failed: " + f.error());
            }
        }
        return false;
    }

    private void ended(RunState s, String why) {
        state.set(s);
        failed.set(s == RunState.FAILED);
        message.set(why == null ? "" : why);
        String name = runDir.getFileName().toString();
        notifier.accept(name + " " + s.name().toLowerCase(Locale.ROOT) + (why == null || why.isEmpty()
                || s == RunState.FINISHED ? "" : ": " + why));
    }

    private String lastEventMessage(RunState s) {
        String type = s == RunState.FAILED ? RunEvent.FAILED : s == RunState.STOPPED ? RunEvent.STOPPED
                : RunEvent.FINISHED;
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type().equals(type)) {
                return events.get(i).message();
            }
        }
        return s == RunState.FAILED ? "failed" : "";
    }

    private void onEvent(RunEvent e) {
        if (!seenEvents.add(e.time() + "|" + e.type() + "|" + e.step())) {
            return; // read from the folder and heard live
        }
        if (e.type().equals(RunEvent.CHECKPOINT)) {
            hasCheckpoint.set(true);
        }
        if (e.type().equals(RunEvent.FORK) && !e.detail("child").isEmpty()) {
            lastFork.set(Path.of(e.detail("child")));
        }
        if (e.type().equals(RunEvent.PAUSED)) {
            message.set(e.message()); // a non-finite loss paused the run: say why
        }
        if (EventStyle.isMarked(e) || e.type().equals(RunEvent.FINISHED)) {
            events.add(e);
        }
        if (e.isHealth()) {
            health.add(0, e); // newest first
        }
    }

    private static String dataCounts(java.util.Map<String, Double> v) {
        return String.format(Locale.ROOT, "%d train pairs · %d eval · %d truncated · %d dropped",
                v.getOrDefault(MetricNames.DATA_TRAIN_PAIRS, 0.0).longValue(),
                v.getOrDefault(MetricNames.DATA_EVAL_PAIRS, 0.0).longValue(),
                v.getOrDefault(MetricNames.DATA_TRUNCATED, 0.0).longValue(),
                v.getOrDefault(MetricNames.DATA_DROPPED, 0.0).longValue());
    }

    private void updateStatus() {
        int s = step.get();
        int total = totalSteps.get();
        boolean estimated = false;
        if (total <= 0) {
            if (maxSteps > 0) {
                total = maxSteps;
            } else if (epochs > 0 && store.latest(MetricNames.EPOCH) > 0) {
                total = (int) Math.round(epochs * s / store.latest(MetricNames.EPOCH)); // TRL's epoch is fractional
                estimated = true;
            }
        }
        stepText.set(total > 0 ? "step " + s + " of " + (estimated ? "~" : "") + total : "step " + s);
        double tps = store.latest(MetricNames.TOKENS_PER_S);
        throughput.set(Double.isNaN(tps) ? "" : String.format(Locale.ROOT, "%,.0f tokens/s", tps));
        String left = state.get() == RunState.RUNNING && total > 0 ? progress.timeLeft(total - s) : "";
        timeLeft.set(left.isEmpty() ? "" : left + " left");
    }

    private void updateMemory() {
        Runtime rt = Runtime.getRuntime();
        long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
        String rss;
        try {
            rss = MemoryProbe.rssMb() + " MiB";
        } catch (RuntimeException notLinux) {
            rss = "n/a";
        }
        memory.set("heap " + used + " / " + (rt.maxMemory() >> 20) + " MiB · RSS " + rss);
    }

    // controls

    public void pause() {
        if (live != null) {
            live.control().pause();
            state.set(live.state());
        }
    }

    /** Resumes a paused run, or continues a stopped (or failed) one from its newest checkpoint in this window. */
    public void resume() {
        if (live != null && state.get() == RunState.PAUSED) {
            live.control().resume();
            state.set(live.state());
            message.set("");
            return;
        }
        if (live != null) {
            live.removeListener(feed);
        }
        watch.stopFollowing();
        live = access.resume(runDir, feed);
        isLive.set(true);
        state.set(RunState.QUEUED);
        failed.set(false);
        message.set("resuming from the newest checkpoint");
    }

    public void stop() {
        if (live != null) {
            live.control().stop();
            message.set("stopping at the next step (a checkpoint is written first)");
        }
    }

    /** Continues another run folder (a fork of this one) in this window; its own dashboard shows it. */
    public void resumeOther(Path otherRunDir) {
        access.resume(otherRunDir, new org.preflab.engine.run.RunListener() {});
    }

    /** A fork form for this run's config; an unreadable config is an IOException naming the file. */
    public ForkViewModel forkForm() throws IOException {
        return new ForkViewModel(RunConfig.load(runDir.resolve("config.json")));
    }

    /**
     * Forks with the form's config: a training run checkpoints and forks at its next step (the fork event names
     * the new folder); a paused or ended run is forked from its newest checkpoint, off the FX thread.
     */
    public void fork(ForkViewModel form) {
        RunConfig changed = form.result();
        if (changed == null) {
            return;
        }
        if (live != null && state.get() == RunState.RUNNING) {
            live.control().fork(old -> changed);
            message.set("fork requested: made at the next step from a new checkpoint");
        } else {
            message.set("forking from the newest checkpoint...");
            watch.execute(() -> {
                try {
                    feed.add(new RunFeed.Forked(Forks.fromLatest(runDir, changed), null));
                } catch (IOException | RuntimeException e) {
                    feed.add(new RunFeed.Forked(null, e.getMessage()));
                }
            });
        }
    }

    /** The markers every chart shows, at each event's step (or tokens), the selected one emphasised. */
    public List<EventMarker> markers() {
        List<EventMarker> out = new ArrayList<>();
        for (RunEvent e : events) {
            if (EventStyle.isMarked(e)) {
                out.add(new EventMarker(store.x(e.step(), xAxis.get()), EventStyle.label(e), EventStyle.color(e),
                        e.equals(selectedEvent.get()), EventStyle.tag(e)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (live != null) {
            live.removeListener(feed);
        }
        watch.close();
    }

    // what the view binds to

    MetricStore store() {
        return store;
    }

    public Path runDir() {
        return runDir;
    }

    public ObjectProperty<RunState> stateProperty() {
        return state;
    }

    public StringProperty messageProperty() {
        return message;
    }

    /** True while the run failed (or its folder could not be read): the message is an error. */
    public BooleanProperty failedProperty() {
        return failed;
    }

    public BooleanProperty liveProperty() {
        return isLive;
    }

    public IntegerProperty stepProperty() {
        return step;
    }

    public IntegerProperty totalStepsProperty() {
        return totalSteps;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public StringProperty stepTextProperty() {
        return stepText;
    }

    public StringProperty throughputProperty() {
        return throughput;
    }

    public StringProperty timeLeftProperty() {
        return timeLeft;
    }

    public StringProperty memoryProperty() {
        return memory;
    }

    public StringProperty dataTextProperty() {
        return dataText;
    }

    public ObjectProperty<MetricStore.XAxis> xAxisProperty() {
        return xAxis;
    }

    /** Bumped when metrics arrive or the x axis changes: charts take the new points. */
    public IntegerProperty revisionProperty() {
        return revision;
    }

    public ObservableList<RunEvent> events() {
        return events;
    }

    /** Health findings, newest first. */
    public ObservableList<RunEvent> health() {
        return health;
    }

    /** The event picked in the health panel: the charts' crosshair goes to its step. */
    public ObjectProperty<RunEvent> selectedEventProperty() {
        return selectedEvent;
    }

    /** The newest fork made from this run (by this dashboard or seen in the events). */
    public ObjectProperty<Path> lastForkProperty() {
        return lastFork;
    }

    public BooleanBinding canPauseProperty() {
        return canPause;
    }

    public BooleanBinding canResumeProperty() {
        return canResume;
    }

    public BooleanBinding canStopProperty() {
        return canStop;
    }

    public BooleanBinding canForkProperty() {
        return canFork;
    }
}
