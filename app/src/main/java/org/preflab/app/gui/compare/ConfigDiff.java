package org.preflab.app.gui.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What differs between run configs: each config flattened to dotted keys, and the keys whose values differ. */
public final class ConfigDiff {
    /** A differing setting and each run's value (shortened for display; "—" where a run does not have it). */
    public record Row(String key, List<String> values) {}

    private static final String ABSENT = "—";

    private ConfigDiff() {}

    /** {"train": {"seed": 1}, "dpo": {"loss_type": ["sigmoid"]}} becomes train.seed = 1, dpo.loss_type = [sigmoid]. */
    public static Map<String, String> flatten(JsonNode config) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", config, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject() && !n.isEmpty()) {
            n.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                    f.getValue(), out));
        } else if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(e -> items.add(e.isValueNode() ? e.asText() : e.toString()));
            out.put(prefix, "[" + String.join(", ", items) + "]");
        } else {
            out.put(prefix, n.isNull() ? "null" : n.isValueNode() ? n.asText() : n.toString());
        }
    }

    /** The keys (in first-seen order) whose values are not the same in every config. */
    public static List<Row> differences(List<JsonNode> configs) {
        List<Map<String, String>> flat = configs.stream().map(ConfigDiff::flatten).toList();
        Set<String> keys = new LinkedHashSet<>();
        flat.forEach(f -> keys.addAll(f.keySet()));
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            List<String> values = flat.stream().map(f -> f.getOrDefault(key, ABSENT)).toList();
            if (values.stream().distinct().count() > 1) {
                rows.add(new Row(key, shortPaths(values)));
            }
        }
        return rows;
    }

    /**
     * Paths shown short: when the values are absolute paths, the folders they all share are cut to "…/" (two runs'
     * data files differ in their last parts, which stay); values that are not paths are kept as they are.
     */
    static List<String> shortPaths(List<String> values) {
        boolean paths = values.stream().allMatch(v -> v.equals(ABSENT) || v.equals("null") || v.startsWith("/"));
        List<String> real = values.stream().filter(v -> v.startsWith("/")).toList();
        if (!paths || real.size() < 2) {
            return values.stream().map(v -> v.startsWith("/") ? tail(v, 3) : v).toList();
        }
        String common = real.get(0).substring(0, real.get(0).lastIndexOf('/') + 1);
        for (String v : real) {
            while (!v.startsWith(common)) {
                common = common.substring(0, common.lastIndexOf('/', common.length() - 2) + 1);
            }
        }
        int cut = common.length();
        return values.stream().map(v -> v.startsWith("/") && cut > 1 ? "…/" + v.substring(cut) : v).toList();
    }

    /** The last {@code parts} components of a path, after "…/". */
    private static String tail(String path, int parts) {
        int at = path.length();
        for (int i = 0; i < parts && at > 0; i++) {
            at = path.lastIndexOf('/', at - 1);
        }
        return at <= 0 ? path : "…" + path.substring(at);
    }
}
