package org.preflab.app.gui.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.settings.Setting;

/** Between experiment.json's tree and the texts of the setup's fields, by each setting's own format. */
final class ConfigText {
    private ConfigText() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A value from the file as its field shows it: numbers without noise, lists as "a, b". */
    static String of(JsonNode node, Setting s) {
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(n -> items.add(n.isNumber() ? n.numberValue() : n.asText()));
            return s.format(items);
        }
        if (node.isFloatingPointNumber()) {
            return s.format(node.doubleValue());
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** Puts a parsed value at its setting's place in the tree; null (left blank) leaves the key out. */
    static void put(ObjectNode root, Setting s, Object value) {
        if (value == null) {
            return;
        }
        ObjectNode section = s.section().isEmpty() ? root : root.withObjectProperty(s.section());
        section.set(s.name(), JSON.valueToTree(value));
    }
}
