package org.preflab.app.gui.dashboard;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.preflab.engine.run.RunEvent;

/**
 * The run's health findings, newest first: what was seen, why it matters and what to try. Picking one moves every
 * chart's crosshair to its step and emphasises its marker.
 */
final class HealthPanel extends VBox {
    private final ListView<RunEvent> list = new ListView<>();

    HealthPanel(DashboardViewModel vm) {
        super(6);
        setPadding(new Insets(8));
        setMinWidth(260);
        Label title = new Label("Health");
        title.getStyleClass().add("section-title");
        list.setId("health-list");
        list.setItems(vm.health());
        list.setPlaceholder(new Label("No health warnings so far."));
        list.setCellFactory(v -> new FindingCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedEventProperty().set(b));
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list);
    }

    ListView<RunEvent> list() {
        return list;
    }

    /** Kind and step, the explanation, and the suggested fix, wrapped to the panel's width. */
    private final class FindingCell extends ListCell<RunEvent> {
        private final Label head = new Label();
        private final Label explanation = new Label();
        private final Label fix = new Label();
        private final VBox box = new VBox(2, head, explanation, fix);

        FindingCell() {
            head.setStyle("-fx-font-weight: bold;");
            head.getStyleClass().add("error-text");
            explanation.setWrapText(true);
            fix.setWrapText(true);
            fix.getStyleClass().add("ok-text");
            // wrap inside the list (minus its scroll bar), never widen it
            box.maxWidthProperty().bind(list.widthProperty().subtract(32));
            box.prefWidthProperty().bind(box.maxWidthProperty());
        }

        @Override
        protected void updateItem(RunEvent e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            String kind = e.detail("kind").isEmpty() ? e.type().substring(RunEvent.HEALTH_PREFIX.length())
                    : e.detail("kind");
            head.setText(kind.replace('_', ' ') + " · step " + e.step());
            String why = e.detail("explanation");
            explanation.setText(why.isEmpty() ? e.message() : why);
            String f = e.detail("fix");
            fix.setText(f.isEmpty() ? "" : "Try: " + f);
            fix.setManaged(!f.isEmpty());
            setGraphic(box);
        }
    }
}
