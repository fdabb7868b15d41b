package org.preflab.app.gui.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.run.RunLog;

/**
 * Runs compared: each chosen metric overlaid (one colour per run), each run's difference from a baseline run (the
 * first unless chosen), aligned by step or by tokens, and a table of the settings that differ between their configs.
 */
public final class CompareModel {
    /** One run's curve, named for the legend. */
    public record Named(String run, int runIndex, Curve curve) {}

    /** What is shown first: the loss and the reward margins, train and eval, where the runs have them. */
    static final List<String> DEFAULT_METRICS = List.of("loss", "eval_loss", "rewards/margins",
            "rewards/accuracies");

    /** What one background read of all the runs gives. */
    record Read(List<RunCurves> runs, List<ConfigDiff.Row> diff) {}

    private final List<Path> runDirs;
    private final ModelThreads threads;
    private final List<String> firstMetrics;
    private final ObservableList<RunCurves> runs = FXCollections.observableArrayList();
    private final ObservableList<String> metrics = FXCollections.observableArrayList();
    private final ObservableList<String> chosenMetrics = FXCollections.observableArrayList();
    private final ObservableList<ConfigDiff.Row> configDiff = FXCollections.observableArrayList();
    private final IntegerProperty baseline = new SimpleIntegerProperty(0);
    private final ObjectProperty<RunCurves.Alignment> alignment = new SimpleObjectProperty<>(RunCurves.Alignment.STEP);
    private final StringProperty error = new SimpleStringProperty("");

    public CompareModel(List<Path> runDirs, ModelThreads threads) {
        this(runDirs, threads, RunCurves.Alignment.STEP, DEFAULT_METRICS);
    }

    /**
     * Runs compared aligned by {@code alignment} from the start, with {@code firstMetrics} (those the runs have)
     * drawn first: a sample's comparison opens its runs against its own x and metrics.
     */
    public CompareModel(List<Path> runDirs, ModelThreads threads, RunCurves.Alignment alignment,
            List<String> firstMetrics) {
        this.runDirs = List.copyOf(runDirs);
        this.threads = threads;
        this.firstMetrics = List.copyOf(firstMetrics);
        this.alignment.set(alignment);
    }

    /** Reads every run's metrics and config (in the background). */
    public void load() {
        threads.load(() -> read(runDirs), this::apply, e -> error.set(e.getMessage()));
    }

    static Read read(List<Path> dirs) throws Exception {
        List<RunCurves> curves = new ArrayList<>();
        List<JsonNode> configs = new ArrayList<>();
        for (Path d : dirs) {
            try {
                curves.add(RunCurves.read(d));
                configs.add(RunLog.open(d).configTree());
            } catch (java.io.IOException e) {
                throw new java.io.IOException("Cannot read the run " + d + ": " + e.getMessage(), e);
            }
        }
        return new Read(curves, ConfigDiff.differences(configs));
    }

    void apply(Read r) {
        error.set("");
        runs.setAll(r.runs());
        configDiff.setAll(r.diff());
        Set<String> all = new LinkedHashSet<>();
        r.runs().forEach(c -> all.addAll(c.metrics()));
        List<String> ordered = new ArrayList<>(all.stream().filter(m -> !m.startsWith("eval_")).toList());
        ordered.addAll(all.stream().filter(m -> m.startsWith("eval_")).toList());
        metrics.setAll(ordered);
        if (chosenMetrics.isEmpty()) {
            chosenMetrics.setAll(firstMetrics.stream().filter(all::contains).toList());
        }
        if (baseline.get() >= runs.size()) {
            baseline.set(0);
        }
        if (runs.size() < 2) {
            error.set("Choose at least two runs to compare (" + runs.size() + " given).");
        }
    }

    /** The metric in every run that has it, against the current alignment. */
    public List<Named> overlay(String metric) {
        List<Named> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Curve c = runs.get(i).curve(metric, alignment.get());
            if (c.size() > 0) {
                out.add(new Named(runs.get(i).name(), i, c));
            }
        }
        return out;
    }

    /** Each other run's metric minus the baseline's, at the baseline's x values. */
    public List<Named> differences(String metric) {
        if (runs.isEmpty()) {
            return List.of();
        }
        int b = baseline.get();
        Curve base = runs.get(b).curve(metric, alignment.get());
        List<Named> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (i != b) {
                Curve d = runs.get(i).curve(metric, alignment.get()).minus(base);
                if (d.size() > 0) {
                    out.add(new Named(runs.get(i).name() + " − " + runs.get(b).name(), i, d));
                }
            }
        }
        return out;
    }

    public List<Path> runDirs() {
        return runDirs;
    }

    public ObservableList<RunCurves> runs() {
        return runs;
    }

    /** Every metric some run has: training metrics first, then eval_ ones. */
    public ObservableList<String> metrics() {
        return metrics;
    }

    /** The metrics drawn, in order. */
    public ObservableList<String> chosenMetrics() {
        return chosenMetrics;
    }

    public ObservableList<ConfigDiff.Row> configDiff() {
        return configDiff;
    }

    /** Index into {@link #runs()} of the run others are subtracted from. */
    public IntegerProperty baselineProperty() {
        return baseline;
    }

    public ObjectProperty<RunCurves.Alignment> alignmentProperty() {
        return alignment;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** The x axis name for the current alignment. */
    public String xName() {
        return switch (alignment.get()) {
            case STEP -> "step";
            case TOKENS -> "num_tokens";
            case LABELS -> "labels_used";
        };
    }
}
