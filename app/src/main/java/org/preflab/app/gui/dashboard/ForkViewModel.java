package org.preflab.app.gui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.engine.run.RunConfig;

/**
 * The fork dialog's state: the settings a researcher changes most (learning rate, beta, loss types, max steps,
 * seed) prefilled with the run's values, free-form {@code key=value} lines for any other setting, and, as typed,
 * either the engine's message for a bad value ({@link RunConfig#with}) or the list of settings that change, old
 * and new. The fork goes ahead only with at least one change and no error.
 */
public final class ForkViewModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An editable setting: its dotted key and the run's value as shown. */
    public record Field(String key, String label, StringProperty text, String original) {}

    /** One setting that changes. */
    public record Change(String key, String from, String to) {
        @Override
        public String toString() {
            return key + ": " + from + " → " + to;
        }
    }

    private final RunConfig parent;
    private final Map<String, String> parentValues;
    private final List<Field> fields = new ArrayList<>();
    private final StringProperty extra = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<Change> changes = FXCollections.observableArrayList();
    private final BooleanBinding canFork;
    private RunConfig result;

    public ForkViewModel(RunConfig parent) {
        this.parent = parent;
        JsonNode tree = JSON.valueToTree(parent);
        this.parentValues = flatten(tree);
        field("train.learning_rate", "Learning rate", tree);
        if (parent.dpo() != null) {
            field("dpo.beta", "Beta", tree);
            field("dpo.loss_type", "Loss types (comma-separated)", tree);
        }
        field("train.max_steps", "Max steps (0: by epochs)", tree);
        field("train.seed", "Seed", tree);
        for (Field f : fields) {
            f.text().addListener((o, a, b) -> update());
        }
        extra.addListener((o, a, b) -> update());
        canFork = Bindings.createBooleanBinding(() -> error.get().isEmpty() && !changes.isEmpty(), error, changes);
        update();
    }

    private void field(String key, String label, JsonNode tree) {
        String shown = shown(tree.at("/" + key.replace('.', '/')));
        fields.add(new Field(key, label, new SimpleStringProperty(shown), shown));
    }

    /** A value as the user edits it: lists as comma-separated items, the rest as JSON text without quotes. */
    private static String shown(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(i.asText()));
            return String.join(",", items);
        }
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    public List<Field> fields() {
        return fields;
    }

    public StringProperty extraProperty() {
        return extra;
    }

    public javafx.beans.property.ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<Change> changes() {
        return changes;
    }

    public BooleanBinding canForkProperty() {
        return canFork;
    }

    /** The forked run's config (valid while {@link #canForkProperty()} holds). */
    public RunConfig result() {
        return result;
    }

    /** The {@code key=value} overrides the form holds: the edited fields, then the free-form lines. */
    public List<String> overrides() {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            String t = f.text().get().trim();
            if (!t.equals(f.original())) {
                out.add(f.key() + "=" + (f.key().equals("dpo.loss_type") ? jsonList(t) : t));
            }
        }
        for (String line : extra.get().split("\n")) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    private static String jsonList(String commaSeparated) {
        List<String> items = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                items.add(s.trim());
            }
        }
        try {
            return JSON.writeValueAsString(items);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update() {
        List<String> o = overrides();
        try {
            RunConfig c = parent.with(o);
            List<Change> diff = diff(parentValues, flatten(JSON.valueToTree(c)));
            result = c;
            error.set("");
            changes.setAll(diff);
        } catch (IOException | RuntimeException e) {
            result = null;
            error.set(e.getMessage() == null ? e.toString() : e.getMessage());
            changes.clear();
        }
    }

    /** The settings whose values differ, in the order of the config's keys. */
    static List<Change> diff(Map<String, String> before, Map<String, String> after) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (!Objects.equals(old, e.getValue())) {
                out.add(new Change(e.getKey(), old == null ? "(unset)" : old, e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                out.add(new Change(e.getKey(), e.getValue(), "(unset)"));
            }
        }
        return out;
    }

    /** A config as dotted keys and JSON text values (lists whole: "["sigmoid","sft"]"). */
    static Map<String, String> flatten(JsonNode tree) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
