package org.preflab.app.gui.setup;

import java.util.Map;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;
import org.preflab.engine.settings.Setting;

/** A {@link SettingField} as a row of a ControlsFX property sheet: its key and help are the row's tooltip. */
final class SettingItem implements PropertySheet.Item {
    /** Category titles by section, in file order. */
    static final Map<String, String> CATEGORIES = new java.util.LinkedHashMap<>();

    static {
        CATEGORIES.put("", "Run");
        CATEGORIES.put("data", "Data");
        CATEGORIES.put("train", "Training");
        CATEGORIES.put("dpo", "DPO loss");
        CATEGORIES.put("sdpo", "Stepwise DPO (sdpo)");
        CATEGORIES.put("spo", "SPO degree loss");
        CATEGORIES.put("apl", "Active preference learning (apl)");
        CATEGORIES.put("spa", "Self-generated preferences (spa)");
        CATEGORIES.put("oracle", "Oracle (who labels)");
        CATEGORIES.put("winrate", "Win rate against the reference");
        CATEGORIES.put("reward", "Reward model (reward)");
    }

    private final SettingField field;

    SettingItem(SettingField field) {
        this.field = field;
    }

    SettingField field() {
        return field;
    }

    @Override
    public Class<?> getType() {
        return String.class;
    }

    @Override
    public String getCategory() {
        return CATEGORIES.get(field.setting().section());
    }

    @Override
    public String getName() {
        return field.setting().name();
    }

    @Override
    public String getDescription() {
        Setting s = field.setting();
        String def = s.format(s.defaultValue());
        return s.key() + ": " + s.help() + (def.isEmpty() ? "" : " (default " + def + ")");
    }

    @Override
    public Object getValue() {
        return field.textProperty().get();
    }

    @Override
    public void setValue(Object value) {
        field.textProperty().set(value == null ? "" : value.toString());
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
        return Optional.of(field.textProperty());
    }
}
