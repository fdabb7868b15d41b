package org.preflab.app.gui.setup;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.controlsfx.property.editor.PropertyEditor;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.settings.SettingType;

/**
 * The editor of one property-sheet row: a text field (a drop-down for choices) bound to the field's text, and under
 * it the engine's message while the value is bad.
 */
final class SettingEditor implements PropertyEditor<Object> {
    private final SettingField field;
    private final VBox box = new VBox(2);
    private final ChangeListener<String> onError;

    SettingEditor(SettingField field) {
        this.field = field;
        Setting s = field.setting();
        Control input;
        if (s.type() == SettingType.CHOICE) {
            ComboBox<String> combo = new ComboBox<>();
            combo.getItems().setAll(s.choices());
            combo.valueProperty().bindBidirectional(field.textProperty());
            input = combo;
        } else {
            TextField text = new TextField();
            text.textProperty().bindBidirectional(field.textProperty());
            text.setPromptText(s.isRequired() ? "required" : s.type() == SettingType.LIST ? "none (comma-separated)"
                    : s.defaultValue() == null ? "none" : "default " + s.format(s.defaultValue()));
            text.getStyleClass().add("mono");
            input = text;
        }
        input.setId("setting-" + s.key().replace('.', '-'));
        input.setMaxWidth(Double.MAX_VALUE);
        input.setTooltip(new Tooltip(s.help()));
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(field.errorProperty());
        error.visibleProperty().bind(field.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        // weakly held: the sheet makes new editors when its rows change, and the field outlives them
        onError = (o, was, now) -> mark(input, !now.isEmpty());
        field.errorProperty().addListener(new WeakChangeListener<>(onError));
        mark(input, !field.errorProperty().get().isEmpty());
        box.getChildren().addAll(input, error);
    }

    private static void mark(Control input, boolean bad) {
        input.getStyleClass().remove("field-error");
        if (bad) {
            input.getStyleClass().add("field-error");
        }
    }

    @Override
    public Node getEditor() {
        return box;
    }

    @Override
    public Object getValue() {
        return field.textProperty().get();
    }

    @Override
    public void setValue(Object value) {
        field.textProperty().set(value == null ? "" : value.toString());
    }
}
