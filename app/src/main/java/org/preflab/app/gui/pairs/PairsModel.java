package org.preflab.app.gui.pairs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.common.ModelThreads;

/**
 * The per-pair drill-down of one run: the pairs of a chosen evaluation sorted by margin (all of them, those whose
 * preference flipped since a comparison step, or the hardest few), and for the selected pair its texts and its
 * reward trajectory over every evaluation of the run.
 */
public final class PairsModel {
    /** Which pairs the table shows. */
    public enum Filter {
        ALL, FLIPPED, HARDEST
    }

    private static final int EXCERPT = 90;
    /** Runs recorded before evals/pairs.jsonl have texts only for the few pairs in their samples files. */
    static final String NO_TEXT = "(text not recorded by this run)";

    private final Path runDir;
    private final ModelThreads threads;
    private final ObservableList<Integer> steps = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> step = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> baseStep = new SimpleObjectProperty<>();
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final IntegerProperty hardestCount = new SimpleIntegerProperty(10);
    private final ObservableList<PairRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<PairRow> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<PairText> selectedText = new SimpleObjectProperty<>();
    private final ObservableList<TrajectoryPoint> trajectory = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private RunEvals evals;
    private int requestedStep;

    /** {@code step} < 0 opens the newest evaluation. */
    public PairsModel(Path runDir, int step, ModelThreads threads) {
        this.runDir = runDir;
        this.requestedStep = step;
        this.threads = threads;
        this.step.addListener((o, a, b) -> recompute());
        this.baseStep.addListener((o, a, b) -> recompute());
        this.filter.addListener((o, a, b) -> recompute());
        this.hardestCount.addListener((o, a, b) -> recompute());
        this.selected.addListener((o, a, b) -> showSelected());
    }

    /** (Re)reads the run's evaluations (in the background); the chosen steps and selection stay when they still exist. */
    public void reload() {
        threads.load(() -> RunEvals.read(runDir), this::apply,
                e -> error.set("Cannot read the evaluations of " + runDir.getFileName() + ": " + e.getMessage()));
    }

    void apply(RunEvals read) {
        Integer keepSelected = selected.get() == null ? null : selected.get().pair().index();
        this.evals = read;
        error.set("");
        steps.setAll(read.steps());
        if (read.isEmpty()) {
            rows.clear();
            summary.set("No per-pair evaluations in " + read.runName() + " yet: they are written every eval_every"
                    + " steps and at the end of a run with eval data.");
            return;
        }
        Integer want = step.get() != null && steps.contains(step.get()) ? step.get()
                : requestedStep >= 0 && steps.contains(requestedStep) ? Integer.valueOf(requestedStep)
                : read.latestStep().orElse(null);
        requestedStep = -1;
        Integer base = baseStep.get() != null && steps.contains(baseStep.get()) ? baseStep.get() : steps.get(0);
        step.set(want);
        baseStep.set(base);
        recompute();
        if (keepSelected != null) {
            rows.stream().filter(r -> r.pair().index() == keepSelected).findFirst().ifPresent(selected::set);
        } else if (!rows.isEmpty()) {
            selected.set(rows.get(0)); // the lowest margin: the first pair worth reading
        }
    }

    private void recompute() {
        if (evals == null || step.get() == null) {
            return;
        }
        List<EvalPair> at = evals.at(step.get());
        List<EvalPair> before = baseStep.get() == null ? List.of() : evals.at(baseStep.get());
        List<EvalPair> shown = switch (filter.get()) {
            case ALL -> PairAnalysis.byMargin(at);
            case FLIPPED -> PairAnalysis.flipped(before, at);
            case HARDEST -> PairAnalysis.hardest(at, hardestCount.get());
        };
        Map<Integer, EvalPair> prior = PairAnalysis.byIndex(before);
        PairRow keep = selected.get();
        rows.clear();
        for (int i = 0; i < shown.size(); i++) {
            EvalPair p = shown.get(i);
            EvalPair b = prior.get(p.index());
            rows.add(new PairRow(i + 1, p, b == null ? Double.NaN : b.margin(),
                    evals.text(p.index()).map(t -> t.promptExcerpt(EXCERPT)).orElse(NO_TEXT)));
        }
        if (keep != null) {
            selected.set(rows.stream().filter(r -> r.pair().index() == keep.pair().index()).findFirst().orElse(null));
        }
        long wrong = at.stream().filter(p -> !p.correct()).count();
        int flipped = PairAnalysis.flipped(before, at).size();
        summary.set(String.format(Locale.ROOT, "%d pairs at step %d: %d ranked wrong (margin ≤ 0), %d flipped since"
                + " step %d; showing %d", at.size(), step.get(), wrong, flipped, baseStep.get(), rows.size()));
    }

    private void showSelected() {
        PairRow r = selected.get();
        if (r == null || evals == null) {
            selectedText.set(null);
            trajectory.clear();
            return;
        }
        selectedText.set(evals.text(r.pair().index()).orElse(new PairText(NO_TEXT, "", "")));
        trajectory.setAll(evals.trajectory(r.pair().index()));
    }

    public Path runDir() {
        return runDir;
    }

    public ObservableList<Integer> steps() {
        return steps;
    }

    /** The evaluation shown. */
    public ObjectProperty<Integer> stepProperty() {
        return step;
    }

    /** The evaluation that "flipped" compares against (the first by default). */
    public ObjectProperty<Integer> baseStepProperty() {
        return baseStep;
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    public IntegerProperty hardestCountProperty() {
        return hardestCount;
    }

    public ObservableList<PairRow> rows() {
        return rows;
    }

    public ObjectProperty<PairRow> selectedProperty() {
        return selected;
    }

    public ObjectProperty<PairText> selectedTextProperty() {
        return selectedText;
    }

    public ObservableList<TrajectoryPoint> trajectory() {
        return trajectory;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** The run's β, for labels (NaN before the first read). */
    public double beta() {
        return evals == null ? Double.NaN : evals.beta();
    }
}
