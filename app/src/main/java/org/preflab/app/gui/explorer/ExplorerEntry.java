package org.preflab.app.gui.explorer;

import java.nio.file.Path;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.engine.run.RunState;

/**
 * One thing in the explorer: a section, a data file, the project's model, a run's checkpoints (a group) or one
 * checkpoint, a run, or the project's comparison. An entry keeps its identity while its label, detail and state change, so that a refresh
 * updates rows in place and the selection stays where the user put it.
 */
public final class ExplorerEntry {
    /** What double-clicking opens, and which menu applies. */
    public enum Kind { SECTION, DATASET, MODEL, CHECKPOINT_GROUP, CHECKPOINT, RUN,
        /** A sample's comparison (compare.json with results): opens its results view. */
        COMPARISON }

    private final Kind kind;
    private final Path path;
    private final ReadOnlyStringWrapper label = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper problem = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ExplorerEntry> children = FXCollections.observableArrayList();
    private org.preflab.app.gui.common.RunKind runKind = org.preflab.app.gui.common.RunKind.UNKNOWN;
    private int step;
    private int totalSteps;

    ExplorerEntry(Kind kind, Path path, String label) {
        this.kind = kind;
        this.path = path;
        this.label.set(label);
    }

    public Kind kind() {
        return kind;
    }

    /** The file or folder it stands for; null for a section. */
    public Path path() {
        return path;
    }

    public ReadOnlyStringProperty labelProperty() {
        return label.getReadOnlyProperty();
    }

    public String label() {
        return label.get();
    }

    /** A short second part: a dataset's role, a model's family, a run's step of total and method. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public String detail() {
        return detail.get();
    }

    /** True for a missing file, an unreadable model, a failed run. */
    public ReadOnlyBooleanProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** A run's state; null for other kinds. */
    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public RunState state() {
        return state.get();
    }

    /** A run's last recorded step, and its total (0 when not known yet). */
    public int step() {
        return step;
    }

    public int totalSteps() {
        return totalSteps;
    }

    /** A run's method and oracle type (which of its views apply); unknown for other kinds. */
    public org.preflab.app.gui.common.RunKind runKind() {
        return runKind;
    }

    void setRunKind(org.preflab.app.gui.common.RunKind k) {
        runKind = k;
    }

    /** Entries under this one (a section's, a checkpoint group's). */
    public ObservableList<ExplorerEntry> children() {
        return children;
    }

    void setLabel(String s) {
        label.set(s);
    }

    void setDetail(String s) {
        detail.set(s);
    }

    void setProblem(boolean p) {
        problem.set(p);
    }

    void setRun(RunState s, int step, int total) {
        this.step = step;
        this.totalSteps = total;
        state.set(s);
    }

    @Override
    public String toString() {
        return label.get() + (detail.get().isEmpty() ? "" : " (" + detail.get() + ")");
    }
}
