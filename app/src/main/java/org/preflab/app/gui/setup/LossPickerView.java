package org.preflab.app.gui.setup;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The loss picker: a row per loss (tick, weight, what it is), and the plugins of any kind that failed to load. */
final class LossPickerView extends VBox {
    private final LossPicker picker;
    private final GridPane grid = new GridPane();

    LossPickerView(LossPicker picker, List<String> pluginProblems) {
        super(6);
        this.picker = picker;
        Label title = new Label("Losses");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Tick one or more; the weights combine them (RPO is sigmoid + sft).");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wraps instead of ending in "..."
        hint.getStyleClass().add("view-subtitle");
        grid.setHgap(8);
        grid.setVgap(4);
        grid.setPadding(new Insets(4));
        ColumnConstraints text = new ColumnConstraints();
        text.setHgrow(Priority.ALWAYS);
        text.setMinWidth(120);
        ColumnConstraints id = new ColumnConstraints();
        id.setMinWidth(Region.USE_PREF_SIZE); // the ids are what the user picks by: never cut
        grid.getColumnConstraints().addAll(id, new ColumnConstraints(64), text);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(title, hint, scroll, problems(pluginProblems));
        picker.choices().addListener((javafx.collections.ListChangeListener<LossChoice>) c -> rows());
        rows();
    }

    private void rows() {
        grid.getChildren().clear();
        int row = 0;
        Label idHead = new Label("loss_type");
        Label weightHead = new Label("weight");
        Label whatHead = new Label("what it is");
        for (Label l : new Label[] {idHead, weightHead, whatHead}) {
            l.getStyleClass().add("view-subtitle");
        }
        grid.addRow(row++, idHead, weightHead, whatHead);
        for (LossChoice c : picker.choices()) {
            CheckBox tick = new CheckBox(c.id());
            tick.setId("loss-" + c.id());
            tick.setMnemonicParsing(false); // ids like exo_pair keep their underscore
            tick.selectedProperty().bindBidirectional(c.selectedProperty());
            tick.getStyleClass().add("mono");
            TextField weight = new TextField();
            weight.setId("weight-" + c.id());
            weight.textProperty().bindBidirectional(c.weightProperty());
            weight.disableProperty().bind(c.selectedProperty().not());
            Label what = new Label(c.description());
            what.setWrapText(true);
            what.setTooltip(new Tooltip(c.description()));
            if (!c.isLoaded()) {
                what.getStyleClass().add("error-text");
            }
            grid.addRow(row++, tick, weight, what);
            Label error = new Label();
            error.getStyleClass().add("error-text");
            error.setWrapText(true);
            error.textProperty().bind(c.weightErrorProperty());
            error.visibleProperty().bind(c.weightErrorProperty().isNotEmpty());
            error.managedProperty().bind(error.visibleProperty());
            grid.add(error, 1, row++, 2, 1);
        }
    }

    private Label problems(List<String> lines) {
        Label l = new Label(lines.isEmpty() ? "All plugins loaded (" + picker.choices().size() + " losses)."
                : "Plugins that failed to load (skipped; the rest work; preflab plugins says more):\n"
                        + String.join("\n", lines));
        l.setWrapText(true);
        l.getStyleClass().add(lines.isEmpty() ? "ok-text" : "warning-text");
        l.setId("plugin-problems");
        return l;
    }
}
