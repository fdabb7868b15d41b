package org.preflab.engine.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.preflab.engine.settings.Setting;

/**
 * Reading, overriding and writing {@link RunConfig}s, with one way of saying what is wrong: a bad value gets the
 * message of its {@link Setting}, an unknown key lists the known keys of its section, and a file's messages carry the
 * file and line.
 */
final class ConfigJson {
    private ConfigJson() {}

    /**
     * Strict on purpose: a string "0.001" is not a number, 2.5 is not an integer, and a key given twice is an error
     * rather than "the last one wins" (each would otherwise run an experiment other than the one written).
     */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** What experiment.json files are written with: keys in the records' order, absent sections left out. */
    private static final ObjectWriter FILE = JSON.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .writerWithDefaultPrettyPrinter();

    static RunConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such config file");
        }
        try {
            return JSON.readValue(file.toFile(), RunConfig.class);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getLineNr());
            throw new IOException(file + ": line " + line + ": " + explain(e), e);
        }
    }

    static RunConfig fromTree(JsonNode tree, String where) throws IOException {
        try {
            return JSON.treeToValue(tree, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw new IOException(where + explain(e), e);
        }
    }

    static ObjectNode toTree(RunConfig c) {
        try {
            return (ObjectNode) JSON.readTree(FILE.writeValueAsBytes(c));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String toFileText(RunConfig c) {
        try {
            return FILE.writeValueAsString(c) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key=value} overrides: each value read by its setting, the result validated as a whole. */
    static RunConfig withOverrides(RunConfig c, List<String> overrides) throws IOException {
        ObjectNode root = toTree(c);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IOException("--set '" + o + "': expected key=value, e.g. train.learning_rate=1e-5");
            }
            String key = o.substring(0, eq).strip();
            String raw = o.substring(eq + 1);
            if (ExperimentSettings.SECTIONS.contains(key) && raw.strip().startsWith("{")) {
                root.set(key, JSON.readTree(raw)); // a whole section as JSON
                continue;
            }
            Setting s = ExperimentSettings.find(key).orElseThrow(() -> new IOException("--set '" + o + "': "
                    + unknownKey(key)));
            Object value;
            try {
                value = s.parse(raw.strip().equals("null") ? "" : raw);
            } catch (IllegalArgumentException e) {
                throw new IOException("--set: " + e.getMessage(), e);
            }
            put(root, s, value);
        }
        return fromTree(root, "--set: ");
    }

    /** Puts a parsed value (Double, Long, String or a list of them) at its setting's place; null removes the key. */
    static void put(ObjectNode root, Setting s, Object value) {
        ObjectNode section = s.section().isEmpty() ? root
                : root.get(s.section()) instanceof ObjectNode n ? n : root.putObject(s.section());
        if (value == null) {
            section.remove(s.name());
        } else {
            section.set(s.name(), node(value));
        }
    }

    private static JsonNode node(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            list.forEach(x -> a.add(node(x)));
            return a;
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Number n) {
            return f.numberNode(n.doubleValue());
        }
        return f.textNode(v instanceof Enum<?> e ? e.name() : v.toString());
    }

    private static String unknownKey(String key) {
        int dot = key.lastIndexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        String name = key.substring(dot + 1);
        if (!ExperimentSettings.SECTIONS.contains(section)) {
            return "unknown section '" + section + "'; sections: " + String.join(", ", sectionNames());
        }
        return "unknown key '" + name + "'; known keys " + (section.isEmpty() ? "at the top level" : "in " + section)
                + ": " + String.join(", ", known(section));
    }

    private static List<String> known(String section) {
        List<String> names = new ArrayList<>(ExperimentSettings.names(section));
        if (section.isEmpty()) {
            names.addAll(sectionNames());
        }
        return names;
    }

    private static List<String> sectionNames() {
        return ExperimentSettings.SECTIONS.subList(1, ExperimentSettings.SECTIONS.size());
    }

    /** One line for what Jackson or a record's constructor found wrong, in the settings' words. */
    private static String explain(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String section = path(u, 1);
            List<String> names = ExperimentSettings.SECTIONS.contains(section) ? known(section)
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown key '" + u.getPropertyName() + "'; known keys here: " + String.join(", ", names);
        }
        if (e instanceof ValueInstantiationException v) {
            return v.getCause() == null ? v.getOriginalMessage() : v.getCause().getMessage();
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m, 0);
            Optional<Setting> s = ExperimentSettings.find(field);
            String what = m instanceof InvalidFormatException f && s.isPresent() ? s.get().problem(f.getValue())
                    : m.getOriginalMessage();
            return (field.isEmpty() ? "" : "field '" + field + "': ") + what;
        }
        return e.getOriginalMessage();
    }

    /** The dotted path of the failing field, without its last {@code drop} parts. */
    private static String path(JsonMappingException e, int drop) {
        List<JsonMappingException.Reference> refs = e.getPath();
        return refs.subList(0, Math.max(0, refs.size() - drop)).stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
