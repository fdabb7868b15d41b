package org.preflab.app.gui.dashboard;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.FlowPane;

/**
 * The run's status line: state, device, step of total, tokens/s, time left, memory and the data counts. Fields that do
 * not fit go on to a second line whole: in one row, the last of them was cut to "0 dr..." while a run was live (the
 * time-left field appears only then).
 */
final class RunStatusBar extends FlowPane {
    RunStatusBar(DashboardViewModel vm) {
        super(10, 2);
        setAlignment(Pos.CENTER_LEFT);
        setRowValignment(javafx.geometry.VPos.CENTER);
        setPadding(new Insets(4, 10, 4, 10));
        getStyleClass().add("status-line");
        Label state = new Label();
        state.setId("status-state");
        state.textProperty().bind(Bindings.createStringBinding(
                () -> vm.stateProperty().get() == null ? "opening" : vm.stateProperty().get().name().toLowerCase(
                        java.util.Locale.ROOT), vm.stateProperty()));
        state.setStyle("-fx-font-weight: bold;");
        state.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // was elided to "..." while a run was live
        getChildren().add(state);
        add("status-device", vm.deviceProperty());
        add("status-step", vm.stepTextProperty());
        add("status-throughput", vm.throughputProperty());
        add("status-time-left", vm.timeLeftProperty());
        add("status-memory", vm.memoryProperty());
        add("status-data", vm.dataTextProperty());
    }

    /** A field and the separator before it, both hidden while the field is empty; always whole. */
    private void add(String id, ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Separator sep = new Separator(Orientation.VERTICAL);
        var shown = Bindings.createBooleanBinding(() -> text.getValue() != null && !text.getValue().isEmpty(), text);
        for (javafx.scene.Node n : new javafx.scene.Node[] {l, sep}) {
            n.visibleProperty().bind(shown);
            n.managedProperty().bind(shown);
        }
        getChildren().addAll(sep, l);
    }
}
