package org.preflab.app.gui.setup;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import org.preflab.engine.settings.Setting;

/**
 * One setting as an editor sees it: the text typed, and what is wrong with it in the engine's own words. The text is
 * parsed by the setting's description on every change, so the message appears as the user types; a problem of the
 * whole config that names this key ("sdpo.steps = 1 is invalid: ...") is shown here too.
 */
public final class SettingField {
    private final Setting setting;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper parseError = new ReadOnlyStringWrapper(this, "parseError", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", true);
    private Object value;

    SettingField(Setting setting, ObservableStringValue configProblem) {
        this.setting = setting;
        text.addListener((obs, old, now) -> parse());
        error.bind(Bindings.createStringBinding(() -> !parseError.get().isEmpty() ? parseError.get()
                : mentions(configProblem.get()) ? configProblem.get() : "", parseError, configProblem));
        parse();
    }

    public Setting setting() {
        return setting;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** The message for this field, or "" when it is fine. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** False while the field's section is not part of the config (sdpo under method dpo, spo switched off). */
    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    void setActive(boolean on) {
        active.set(on);
    }

    boolean hasParseError() {
        return !parseError.get().isEmpty();
    }

    String parseError() {
        return parseError.get();
    }

    /** The parsed value (Double, Long, String or a List), null when left blank or when the text does not parse. */
    Object value() {
        return value;
    }

    private void parse() {
        try {
            value = setting.parse(text.get());
            parseError.set("");
        } catch (IllegalArgumentException e) {
            value = null;
            parseError.set(e.getMessage());
        }
    }

    private boolean mentions(String problem) {
        return problem != null && (problem.startsWith(setting.key() + " ") || problem.startsWith(setting.key() + ":"));
    }
}
