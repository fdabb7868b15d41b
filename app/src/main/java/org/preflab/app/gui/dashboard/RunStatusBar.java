package org.preflab.app.gui.dashboard;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;

/** The run's status line: state, device, step of total, tokens/s, time left, memory and the data counts. */
final class RunStatusBar extends HBox {
    RunStatusBar(DashboardViewModel vm) {
        super(10);
        setAlignment(Pos.CENTER_LEFT);
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
        add("status-data", vm.dataTextProperty()).setMinWidth(0); // the last field gives way when space is short
    }

    /** A field and the separator before it, both hidden while the field is empty; kept whole unless told otherwise. */
    private Label add(String id, ObservableValue<String> text) {
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
        return l;
    }
}
