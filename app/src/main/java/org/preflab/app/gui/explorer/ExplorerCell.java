package org.preflab.app.gui.explorer;

import java.util.Locale;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.preflab.engine.run.RunState;

/**
 * One explorer row: the entry's name and, dimmer, its detail (beside it, or below it for runs) (a run's state, step and method); red when something
 * is wrong. Bound to the entry's properties, so a refresh repaints the row without replacing it.
 */
final class ExplorerCell extends TreeCell<ExplorerEntry> {
    private final Label name = new Label();
    private final Label detail = new Label();
    private final HBox oneLine = new HBox(8);
    private final VBox twoLines = new VBox(1);
    private final ChangeListener<Object> restyle = (o, a, b) -> restyle();
    private ExplorerEntry shown;

    ExplorerCell() {
        detail.getStyleClass().add("explorer-detail");
    }

    @Override
    protected void updateItem(ExplorerEntry e, boolean empty) {
        super.updateItem(e, empty);
        if (shown != null) {
            name.textProperty().unbind();
            detail.textProperty().unbind();
            shown.stateProperty().removeListener(restyle);
            shown.problemProperty().removeListener(restyle);
        }
        shown = empty ? null : e;
        if (shown == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        name.textProperty().bind(e.labelProperty());
        detail.textProperty().bind(e.detailProperty());
        e.stateProperty().addListener(restyle);
        e.problemProperty().addListener(restyle);
        restyle();
        setText(null);
        // runs have long folder names: their state goes on a second line, so the narrow panel never clips it
        boolean two = e.kind() == ExplorerEntry.Kind.RUN || e.kind() == ExplorerEntry.Kind.CHECKPOINT_GROUP
                || e.kind() == ExplorerEntry.Kind.COMPARISON;
        if (two) {
            twoLines.getChildren().setAll(name, detail);
            setGraphic(twoLines);
        } else {
            oneLine.getChildren().setAll(name, detail);
            setGraphic(oneLine);
        }
    }

    private void restyle() {
        name.getStyleClass().setAll("label");
        detail.getStyleClass().setAll("label", "explorer-detail");
        if (shown.kind() == ExplorerEntry.Kind.SECTION) {
            name.getStyleClass().add("explorer-section");
        }
        if (shown.problemProperty().get()) {
            detail.getStyleClass().add("error-text");
        }
        RunState s = shown.state();
        if (s != null) {
            detail.getStyleClass().add("state-" + s.name().toLowerCase(Locale.ROOT));
        }
    }
}
