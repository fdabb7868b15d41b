package org.preflab.app.gui.setup;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.preflab.engine.settings.Setting;

/**
 * One loss variant in the picker: whether it is part of the combined loss, and its weight (TRL's loss_weights). A
 * loss the config names but no plugin provides stays listed, so the user sees why the config cannot start.
 */
public final class LossChoice {
    private final String id;
    private final String description;
    private final boolean loaded;
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected", false);
    private final StringProperty weight = new SimpleStringProperty(this, "weight", "1");
    private final ReadOnlyStringWrapper weightError = new ReadOnlyStringWrapper(this, "weightError", "");
    private final Setting weights;
    private double weightValue = 1;

    LossChoice(String id, String description, boolean loaded, Setting weights) {
        this.id = id;
        this.description = description;
        this.loaded = loaded;
        this.weights = weights;
        weight.addListener((obs, old, now) -> parseWeight());
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** False for a loss the config names that no loaded plugin provides. */
    public boolean isLoaded() {
        return loaded;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }

    public StringProperty weightProperty() {
        return weight;
    }

    /** The weight checked as one value of dpo.loss_weights, with that setting's message; "" when fine. */
    public ReadOnlyStringProperty weightErrorProperty() {
        return weightError.getReadOnlyProperty();
    }

    double weightValue() {
        return weightValue;
    }

    private void parseWeight() {
        try {
            Object v = weights.parse(weight.get());
            if (!(v instanceof java.util.List<?> l) || l.size() != 1) {
                throw new IllegalArgumentException(weights.key() + " = '" + weight.get()
                        + "' is invalid: give one weight for " + id);
            }
            weightValue = ((Number) l.get(0)).doubleValue();
            weightError.set("");
        } catch (IllegalArgumentException e) {
            weightError.set(e.getMessage());
        }
    }
}
