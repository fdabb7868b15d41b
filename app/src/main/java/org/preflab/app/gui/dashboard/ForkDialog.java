package org.preflab.app.gui.dashboard;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Edits a fork's settings and shows, as typed, what changes (old → new) or the engine's message for a bad value;
 * "Fork" is enabled only with a valid change. Binds to a {@link ForkViewModel}.
 */
final class ForkDialog extends Dialog<ButtonType> {
    static final ButtonType FORK = new ButtonType("Fork", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    ForkDialog(ForkViewModel form, String runName, String where, Window owner) {
        setTitle("Fork " + runName);
        setHeaderText("Fork " + runName + " " + where + " with changed settings.\nThe run itself is left as it is.");
        if (owner != null) {
            initOwner(owner);
        }
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int row = 0;
        for (ForkViewModel.Field f : form.fields()) {
            TextField t = new TextField();
            t.setId("fork-" + f.key().replace('.', '-'));
            t.textProperty().bindBidirectional(f.text());
            t.setPrefColumnCount(24);
            grid.addRow(row++, new Label(f.label()), t);
        }
        TextArea extra = new TextArea();
        extra.setId("fork-extra");
        extra.setPromptText("more settings, one key=value a line, e.g.\ntrain.warmup_steps=10\ndpo.label_smoothing=0.1");
        extra.setPrefRowCount(3);
        extra.textProperty().bindBidirectional(form.extraProperty());
        Label error = new Label();
        error.setId("fork-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(form.errorProperty());
        error.managedProperty().bind(form.errorProperty().isNotEmpty());
        ListView<ForkViewModel.Change> changes = new ListView<>(form.changes());
        changes.setId("fork-changes");
        changes.setPrefHeight(140);
        changes.setPlaceholder(new Label("No setting changed yet."));
        Label changesTitle = new Label("Settings that change");
        changesTitle.getStyleClass().add("section-title");
        VBox content = new VBox(8, grid, new Label("Other settings"), extra, error, changesTitle, changes);
        content.setPadding(new Insets(8));
        content.setPrefWidth(620);
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().addAll(FORK, ButtonType.CANCEL);
        getDialogPane().lookupButton(FORK).disableProperty().bind(form.canForkProperty().not());
    }
}
