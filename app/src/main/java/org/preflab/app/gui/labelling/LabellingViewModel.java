package org.preflab.app.gui.labelling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.oracle.HumanAnswer;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;

/**
 * Answering a run's human-oracle questions in the workbench: the oldest waiting question, how many are answered and
 * waiting, and the last few answers. Answers go through the run's {@link HumanQueue} (written to disk before the
 * run sees them; the first answer to a question is final). New questions and answers given elsewhere ({@code preflab
 * label}, another window) arrive through the queue's listener, are read on the io executor and applied on the fx
 * one.
 */
public final class LabellingViewModel implements AutoCloseable {
    /** How many of the latest answers are listed. */
    static final int RECENT = 5;
    /** An apl question's id starts with its round and attempt ("r1-a0-…"); a win-rate question's with "eval-". */
    private static final Pattern ROUND = Pattern.compile("^r(\\d+)-");

    /** One question and its progress, as the view shows it. */
    public record Snapshot(Comparison current, int answered, int waiting, List<HumanAnswer> recent,
            boolean runGoing) {}

    private final Path runDir;
    private final HumanQueue queue;
    private final String who;
    private final ModelThreads threads;
    private final Runnable listener = this::requestRead;
    private final AtomicBoolean readPending = new AtomicBoolean();
    private final ReadOnlyObjectWrapper<Comparison> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("Reading the questions…");
    private final ReadOnlyStringWrapper context = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ObservableList<HumanAnswer> recent = FXCollections.observableArrayList();
    private int shownAnswers; // fx thread only

    /**
     * @param queue the run's queue, owned by this model from now on (closed with it)
     * @param who kept with each answer ("workbench:ann")
     */
    public LabellingViewModel(Path runDir, HumanQueue queue, String who, ModelThreads threads) {
        this.runDir = runDir;
        this.queue = queue;
        this.who = who;
        this.threads = threads;
    }

    /** The model of a run folder's queue, answering as "workbench:<user name>". */
    public static LabellingViewModel open(Path runDir, ModelThreads threads) throws IOException {
        return new LabellingViewModel(runDir, HumanQueue.open(runDir),
                "workbench:" + System.getProperty("user.name", "unknown"), threads);
    }

    /** Reads the queue now and listens for changes from any process. */
    public void start() {
        queue.addListener(listener);
        requestRead();
    }

    /** Records {@code verdict} for the question shown; ignored while an answer is being written or none is shown. */
    public void answer(Verdict verdict) {
        Comparison c = current.get();
        if (c == null || busy.get()) {
            return;
        }
        busy.set(true);
        // the read after the write, in one go: the next question shows before another key can answer this one again
        threads.load(() -> {
            queue.answer(c.id(), verdict, who);
            return read();
        }, s -> {
            busy.set(false);
            status.set("Saved " + describe(verdict) + " for " + c.id() + ". Answers are final.");
            apply(s);
        }, e -> {
            busy.set(false);
            // answered meanwhile elsewhere (preflab label, another window): that answer stands
            status.set("Not saved: " + e.getMessage());
            requestRead();
        });
    }

    /** Reads the queue on the io executor; requests while one is pending are merged into it. */
    private void requestRead() {
        if (!readPending.compareAndSet(false, true)) {
            return;
        }
        threads.load(this::readRequested, this::apply, e -> {
            status.set("Cannot read the questions of " + runDir.getFileName() + ": " + e.getMessage());
        });
    }

    private Snapshot readRequested() throws IOException {
        readPending.set(false); // changes from here on need another read
        return read();
    }

    private Snapshot read() throws IOException {
        List<Comparison> pending = queue.pending();
        List<HumanAnswer> answers = queue.answers();
        List<HumanAnswer> last = answers.subList(Math.max(0, answers.size() - RECENT), answers.size());
        return new Snapshot(pending.isEmpty() ? null : pending.get(0), answers.size(), pending.size(),
                newestFirst(last), org.preflab.engine.run.RunLock.isHeld(runDir));
    }

    private static List<HumanAnswer> newestFirst(List<HumanAnswer> answers) {
        List<HumanAnswer> out = new java.util.ArrayList<>(answers);
        java.util.Collections.reverse(out);
        return out;
    }

    /** Shows a read; one older than the last shown (fewer answers: it overtook a later read) is dropped. */
    void apply(Snapshot s) {
        if (s.answered() < shownAnswers) {
            return;
        }
        shownAnswers = s.answered();
        current.set(s.current());
        recent.setAll(s.recent());
        progress.set(progress(s));
        context.set(s.current() == null ? "" : origin(s.current().id()));
    }

    /** "3 answered, 5 waiting, round 2", or what to expect when nothing waits. */
    static String progress(Snapshot s) {
        String counts = s.answered() + " answered, " + s.waiting() + " waiting";
        if (s.current() == null) {
            return counts + (s.runGoing() ? ". Nothing to answer now: new questions appear here as the run asks them."
                    : ". Nothing to answer, and the run is not going: resume it for more questions.");
        }
        Matcher m = ROUND.matcher(s.current().id());
        return m.find() ? counts + ", round " + (Integer.parseInt(m.group(1)) + 1) : counts;
    }

    /** What a question is for, from its id. */
    static String origin(String id) {
        if (id.startsWith("eval-")) {
            return "Win-rate check: the trained policy against the starting model on a held-out prompt (" + id + ")";
        }
        return "Label for training (" + id + ")";
    }

    static String describe(Verdict v) {
        return switch (v) {
            case A -> "A is better";
            case B -> "B is better";
            case TIE -> "a tie";
            case SKIP -> "skip";
        };
    }

    @Override
    public void close() {
        queue.removeListener(listener);
        queue.close();
    }

    public Path runDir() {
        return runDir;
    }

    /** The oldest question waiting, or null. */
    public ReadOnlyObjectProperty<Comparison> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the question shown is for (a training label, a win-rate check). */
    public ReadOnlyStringProperty contextProperty() {
        return context.getReadOnlyProperty();
    }

    /** The last answer's outcome (saved, or why not). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while an answer is being written. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The latest answers, newest first. */
    public ObservableList<HumanAnswer> recent() {
        return recent;
    }

    public String who() {
        return who;
    }

    static String when(HumanAnswer a) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
                .withZone(java.time.ZoneId.systemDefault()).format(a.time());
    }
}
