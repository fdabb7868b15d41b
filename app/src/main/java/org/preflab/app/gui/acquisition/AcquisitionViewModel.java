package org.preflab.app.gui.acquisition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.common.IoThreads;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.gui.common.RunKind;
import org.preflab.engine.run.RunLog;

/**
 * The acquisition view's state for one apl run: the rounds, and for the chosen round each score's histogram (kept
 * against the rest), the pairs picked with their verdicts and the time split; across rounds each score's means and
 * the win rate against labels used. Follows a live run: the folder is polled once a second off the FX thread and
 * read again when events, evaluations or labels were added.
 */
public final class AcquisitionViewModel implements AutoCloseable {
    static final long POLL_MS = 1000;

    private final Path runDir;
    private final ModelThreads threads;
    private final ObservableList<Integer> rounds = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> round = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Reading the run…");
    private final ReadOnlyStringWrapper roundSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<AplHistory.Times> times = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ScoreHistogram> histograms = FXCollections.observableArrayList();
    private final ObservableList<ScoreTrend> trends = FXCollections.observableArrayList();
    private final ObservableList<AplHistory.WinRatePoint> winRates = FXCollections.observableArrayList();
    private final ObservableList<AplHistory.Pick> picks = FXCollections.observableArrayList();
    private AplHistory history;
    private RunLog log; // io thread only
    private String seen = ""; // io thread only: what the last read saw
    private ScheduledExecutorService poller;

    public AcquisitionViewModel(Path runDir, ModelThreads threads) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.threads = threads;
        round.addListener((o, a, b) -> showRound());
    }

    /** Reads the folder now (on the io executor; results on the fx one). */
    public void reload() {
        threads.load(this::read, this::apply, e -> message.set("Cannot read " + runDir.getFileName() + ": "
                + e.getMessage()));
    }

    /** Reads now and then polls the folder, reading again when it grew. */
    public void follow() {
        reload();
        poller = IoThreads.poller();
        poller.scheduleWithFixedDelay(this::readIfChanged, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized AplHistory read() throws Exception {
        if (log == null) {
            log = RunLog.open(runDir);
        } else {
            log.poll();
        }
        seen = fingerprint();
        return AplHistory.read(log);
    }

    private void readIfChanged() {
        try {
            synchronized (this) {
                if (log != null) {
                    log.poll();
                }
                if (log != null && fingerprint().equals(seen)) {
                    return;
                }
            }
            AplHistory h = read();
            threads.fx().execute(() -> apply(h));
        } catch (Exception e) {
            // a folder being written can fail one read (a file replaced under us); the next poll reads it again
        }
    }

    /** Events and evaluations so far, and the labels file's size (answers arrive between events). */
    private String fingerprint() throws java.io.IOException {
        Path labels = runDir.resolve("apl").resolve("labels.jsonl");
        return log.events().size() + "/" + log.evals().size() + "/" + (Files.exists(labels) ? Files.size(labels) : 0);
    }

    void apply(AplHistory h) {
        history = h;
        winRates.setAll(h.winRates());
        trends.setAll(ScoreTrend.of(h.rounds()));
        if (h.isEmpty()) {
            message.set(RunKind.of(runDir).isApl()
                    ? "No acquisition yet in " + runDir.getFileName() + ": round 1 is still choosing its pairs."
                    : runDir.getFileName() + " has no acquisition rounds: this view is for active preference "
                            + "learning runs (method apl).");
            rounds.clear();
            showRound();
            return;
        }
        message.set("");
        List<Integer> numbers = h.rounds().stream().map(r -> r.round() + 1).toList();
        boolean wasNewest = round.get() == null || rounds.isEmpty() || round.get().equals(rounds.get(rounds.size() - 1));
        rounds.setAll(numbers);
        if (wasNewest || !numbers.contains(round.get())) {
            round.set(numbers.get(numbers.size() - 1)); // follow the newest round unless the user chose another
        }
        showRound();
    }

    private void showRound() {
        AplHistory.Round r = selected();
        if (r == null) {
            histograms.clear();
            picks.clear();
            times.set(null);
            roundSummary.set("");
            return;
        }
        histograms.setAll(r.scores().stream().map(ScoreHistogram::of).toList());
        picks.setAll(r.picks());
        times.set(r.times());
        roundSummary.set(summary(r, history.acquisition()));
    }

    /** e.g. "Round 2 of 2: entropy_certainty picked 4 pairs in 1 attempt (budget 8, 8 labels used)". */
    static String summary(AplHistory.Round r, String acquisition) {
        long answered = r.picks().stream().filter(p -> !p.verdict().equals("waiting")).count();
        return String.format(Locale.ROOT, "Round %d: %s picked %d pair%s in %d attempt%s (budget %d); %d answered%s",
                r.round() + 1, acquisition, r.picks().size(), r.picks().size() == 1 ? "" : "s", r.attempts(),
                r.attempts() == 1 ? "" : "s", r.budget(), answered,
                r.times() == null ? "; training not done yet" : ", trained on " + r.labelsUsed() + " labels");
    }

    /** The round shown, or null. */
    private AplHistory.Round selected() {
        if (history == null || round.get() == null) {
            return null;
        }
        return history.rounds().stream().filter(r -> r.round() + 1 == round.get()).findFirst().orElse(null);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    public Path runDir() {
        return runDir;
    }

    /** Round numbers (1-based) with an acquisition. */
    public ObservableList<Integer> rounds() {
        return rounds;
    }

    /** The round shown (1-based). */
    public ObjectProperty<Integer> roundProperty() {
        return round;
    }

    /** A one-line reason when there is nothing to draw (not an apl run, no round yet); empty otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty roundSummaryProperty() {
        return roundSummary.getReadOnlyProperty();
    }

    /** The chosen round's time split; null while it trains. */
    public ReadOnlyObjectProperty<AplHistory.Times> timesProperty() {
        return times.getReadOnlyProperty();
    }

    /** The chosen round's scores, binned. */
    public ObservableList<ScoreHistogram> histograms() {
        return histograms;
    }

    public ObservableList<ScoreTrend> trends() {
        return trends;
    }

    public ObservableList<AplHistory.WinRatePoint> winRates() {
        return winRates;
    }

    /** The chosen round's picked pairs, with verdicts. */
    public ObservableList<AplHistory.Pick> picks() {
        return picks;
    }
}
