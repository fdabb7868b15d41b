package org.preflab.app.gui.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import org.preflab.app.gui.project.Project;
import org.preflab.engine.data.LengthLimits;

/**
 * The dataset view's state: every record of a preference file as a row, a text filter across prompt, chosen,
 * rejected and problem (a number also finds its line), the validation report with each item linked to its lines,
 * and the length histogram. Reading, tokenizing and filtering run off the JavaFX thread; the JavaFX thread only
 * swaps in the results, so a 100,000-pair file stays smooth.
 */
public final class DatasetViewModel {
    private final Path file;
    private final Path modelDir;
    private final LengthLimits limits;
    private final Executor background;
    private final Executor ui;
    private final ReadOnlyObjectWrapper<SortedList<PairRow>> rows = new ReadOnlyObjectWrapper<>(
            new SortedList<>(FXCollections.observableArrayList()));
    private final ObservableList<ReportItem> report = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper limitsText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<LengthStats> lengths = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper reporting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper badRows = new ReadOnlyIntegerWrapper();
    private final AtomicLong filterGeneration = new AtomicLong();
    private volatile List<PairRow> loaded = List.of();

    /**
     * @param modelDir   the model whose tokenizer counts lengths and renders conversations; null for characters
     * @param limits     the limits whose effect the report shows (with a model)
     * @param background where reading, tokenizing and filtering run
     * @param ui         where results are applied: the JavaFX thread ({@code Platform::runLater})
     */
    public DatasetViewModel(Path file, Path modelDir, LengthLimits limits, Executor background, Executor ui) {
        this.file = file;
        this.modelDir = modelDir;
        this.limits = limits;
        this.background = background;
        this.ui = ui;
        filter.addListener((o, a, b) -> refilter());
    }

    /** For a file of a project (the nearest folder above with experiment.json): its model and limits. */
    public static DatasetViewModel forFile(Path file, Executor background, Executor ui) {
        var project = Project.containing(file);
        Path model = project.flatMap(Project::modelDir).filter(m -> java.nio.file.Files.isDirectory(m)).orElse(null);
        return new DatasetViewModel(file, model, project.map(Project::limits).orElse(LengthLimits.NONE), background, ui);
    }

    /** Reads the file, then computes the report; both in the background. */
    public void load() {
        loading.set(true);
        reporting.set(true);
        error.set("");
        background.execute(() -> {
            DatasetLoader.Table t;
            try {
                t = DatasetLoader.readTable(file, modelDir);
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    error.set(message);
                    loading.set(false);
                    reporting.set(false);
                });
                return;
            }
            loaded = t.rows();
            SortedList<PairRow> all = view(t.rows());
            ui.execute(() -> {
                badRows.set(t.read().badRecords());
                summary.set(t.summary());
                note.set(t.note());
                loading.set(false);
                if (filter.get() == null || filter.get().isBlank()) {
                    show(all);
                } else {
                    refilter(); // typed while it was reading
                }
            });
            try {
                // Characters first (a second for 100,000 pairs), then tokens, which take about 0.6 ms a pair
                DatasetLoader.Report chars = DatasetLoader.report(t, null, LengthLimits.NONE);
                boolean tokens = modelDir != null;
                publish(chars, tokens ? "Counting tokens with the tokenizer of " + modelDir.getFileName() + " ("
                        + String.format("%,d", t.read().records().size()) + " pairs)..." : chars.limits(), !tokens);
                if (tokens) {
                    DatasetLoader.Report r = DatasetLoader.report(t, modelDir, limits);
                    publish(r, r.limits(), true);
                }
            } catch (RuntimeException e) {
                String message = "the length report failed: " + (e.getMessage() == null ? e : e.getMessage());
                ui.execute(() -> {
                    limitsText.set(message);
                    reporting.set(false);
                });
            }
        });
    }

    private void publish(DatasetLoader.Report r, String limitsSentence, boolean last) {
        ui.execute(() -> {
            report.setAll(r.items());
            lengths.set(r.lengths());
            limitsText.set(limitsSentence);
            reporting.set(!last);
        });
    }

    /**
     * A list for the table, made off the JavaFX thread: swapping a whole list in is one cheap change, where
     * filtering 100,000 observed rows in place makes the table process every removal on the JavaFX thread.
     */
    private static SortedList<PairRow> view(List<PairRow> rows) {
        return new SortedList<>(FXCollections.observableArrayList(rows));
    }

    private void show(SortedList<PairRow> list) {
        rows.set(list);
        shown.set(list.size());
    }

    private void refilter() {
        long g = filterGeneration.incrementAndGet();
        String q = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        List<PairRow> all = loaded;
        background.execute(() -> {
            List<PairRow> match;
            if (q.isEmpty()) {
                match = all;
            } else {
                int line = q.matches("\\d{1,9}") ? Integer.parseInt(q) : -1;
                match = new ArrayList<>();
                for (PairRow r : all) {
                    if (r.line() == line || r.contains(q)) {
                        match.add(r);
                    }
                }
            }
            SortedList<PairRow> list = view(match);
            ui.execute(() -> {
                if (filterGeneration.get() == g) {
                    show(list);
                }
            });
        });
    }

    /**
     * The view index of the row of {@code line}, clearing the filter first when it hides that row; -1 when no row
     * has that line.
     */
    public int viewIndexOf(int line) {
        if (Collections.binarySearch(loaded, null, (r, ignored) -> Integer.compare(r.line(), line)) < 0) {
            return -1;
        }
        int i = indexOfLine(rows.get().getSource(), line);
        if (i < 0) {
            filter.set(""); // the row is filtered out: show all (at once, without waiting for the background)
            filterGeneration.incrementAndGet();
            show(view(loaded));
            i = indexOfLine(rows.get().getSource(), line);
        }
        return rows.get().getViewIndex(i);
    }

    /** Rows are kept in line order before sorting, so a binary search finds a line. */
    private static int indexOfLine(List<? extends PairRow> byLine, int line) {
        int i = Collections.binarySearch(byLine, null, (r, ignored) -> Integer.compare(r.line(), line));
        return Math.max(-1, i);
    }

    public Path file() {
        return file;
    }

    /** The model whose tokenizer counts lengths, or null. */
    public Path modelDir() {
        return modelDir;
    }

    /**
     * The rows to show, filtered: a new list after each load or filter; bind its comparator to the table's to
     * sort.
     */
    public ReadOnlyObjectProperty<SortedList<PairRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public SortedList<PairRow> rows() {
        return rows.get();
    }

    public int totalRows() {
        return loaded.size();
    }

    public ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Rows of records that cannot be used. */
    public ReadOnlyIntegerProperty badRowsProperty() {
        return badRows.getReadOnlyProperty();
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObservableList<ReportItem> report() {
        return report;
    }

    /** Format and counts, e.g. "64 records (TRL standard, detected at line 1): 64 good, 0 bad". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the file cannot be used at all (the engine's message); empty when it can. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What was read in a lesser way (conversations as transcripts); usually empty. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The lengths' unit and what max_length would truncate and drop. */
    public ReadOnlyStringProperty limitsProperty() {
        return limitsText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LengthStats> lengthsProperty() {
        return lengths.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reportingProperty() {
        return reporting.getReadOnlyProperty();
    }
}
