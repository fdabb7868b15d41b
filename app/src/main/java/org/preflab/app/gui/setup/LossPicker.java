package org.preflab.app.gui.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.run.ExperimentSettings;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * The loss picker's state: every loss the registry loaded (and any the config names that none provides), which are
 * chosen, and their weights; it reads and writes dpo.loss_type and dpo.loss_weights.
 */
public final class LossPicker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Setting TYPES = ExperimentSettings.find("dpo.loss_type").orElseThrow();
    private static final Setting WEIGHTS = ExperimentSettings.find("dpo.loss_weights").orElseThrow();

    private final PreferenceLosses registry;
    private final ObservableList<LossChoice> choices = FXCollections.observableArrayList();
    private final Runnable onChange;
    private final ChangeListener<Object> changed;

    LossPicker(PreferenceLosses registry, Runnable onChange) {
        this.registry = registry;
        this.onChange = onChange;
        this.changed = (o, a, b) -> this.onChange.run();
    }

    /** The losses in picker order: the config's own first, in its order, then the rest of the registry's. */
    public ObservableList<LossChoice> choices() {
        return choices;
    }

    /** Takes the choice and weights from a "dpo" section (missing: TRL's default, sigmoid alone). */
    void fill(JsonNode dpo) {
        List<String> ids = new ArrayList<>();
        dpo.path("loss_type").forEach(n -> ids.add(n.asText()));
        if (ids.isEmpty()) {
            ids.addAll(TYPES.<List<String>>or(null));
        }
        List<String> order = new ArrayList<>(ids);
        registry.ids().stream().filter(id -> !order.contains(id)).forEach(order::add);
        List<LossChoice> made = new ArrayList<>();
        for (String id : order) {
            LossChoice c = new LossChoice(id, registry.find(id).map(PreferenceLoss::description)
                    .orElse("not loaded: no plugin provides this loss"), registry.find(id).isPresent(), WEIGHTS);
            int at = ids.indexOf(id);
            c.selectedProperty().set(at >= 0);
            JsonNode w = dpo.path("loss_weights").path(Math.max(at, 0));
            c.weightProperty().set(at >= 0 && w.isNumber() ? WEIGHTS.format(w.doubleValue()) : "1");
            c.selectedProperty().addListener(changed);
            c.weightProperty().addListener(changed);
            made.add(c);
        }
        choices.forEach(c -> {
            c.selectedProperty().removeListener(changed);
            c.weightProperty().removeListener(changed);
        });
        choices.setAll(made);
    }

    /** Writes loss_type (and loss_weights when one differs from TRL's 1) into {@code dpo}; problems into errors. */
    void put(ObjectNode dpo, List<String> errors) {
        List<LossChoice> chosen = chosen();
        if (chosen.isEmpty()) {
            errors.add(TYPES.key() + ": choose at least one loss type");
        }
        for (LossChoice c : chosen) {
            if (!c.isLoaded()) {
                errors.add(TYPES.key() + ": unknown loss type '" + c.id() + "'; known: "
                        + String.join(", ", registry.ids()));
            }
            if (!c.weightErrorProperty().get().isEmpty()) {
                errors.add(c.weightErrorProperty().get());
            }
        }
        dpo.set(TYPES.name(), JSON.valueToTree(chosen.stream().map(LossChoice::id).toList()));
        if (chosen.stream().anyMatch(c -> c.weightValue() != 1)) {
            dpo.set(WEIGHTS.name(), JSON.valueToTree(chosen.stream().map(LossChoice::weightValue).toList()));
        }
    }

    /** The chosen ids and their weights as texts, to tell unsaved edits. */
    String idsText() {
        return String.join(", ", chosen().stream().map(LossChoice::id).toList());
    }

    String weightsText() {
        return String.join(", ", chosen().stream().map(c -> c.weightProperty().get().strip()).toList());
    }

    private List<LossChoice> chosen() {
        return choices.stream().filter(c -> c.selectedProperty().get()).toList();
    }
}
