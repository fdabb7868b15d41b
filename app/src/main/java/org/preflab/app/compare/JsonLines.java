package org.preflab.app.compare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON file read as a tree, with the line of every value kept beside it: a tree forgets where its values were, and
 * an error in a hand-written file must name the line. Values are found by JSON pointer ("/arms/1/config").
 */
final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is an error, not "last wins"
            .build());

    final Path file;
    final JsonNode root;
    private final Map<String, Integer> lines;

    private JsonLines(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    static JsonLines read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
            try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    // a field's name, a scalar, or an object/array that is an array element: each has a path here
                    var at = t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
                    boolean named = t == JsonToken.FIELD_NAME || t.isScalarValue()
                            || t.isStructStart() && at != null && at.inArray();
                    if (named) {
                        lines.putIfAbsent(at.pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IOException(file + ":" + line + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IOException(file + ": empty file");
        }
        return new JsonLines(file, root, lines);
    }

    /** "file:line: field 'where': what", the line of the value at {@code pointer} (or of its parent). */
    IOException error(String pointer, String what) {
        String p = pointer;
        Integer line = lines.get(p);
        while (line == null && p.lastIndexOf('/') > 0) {
            p = p.substring(0, p.lastIndexOf('/'));
            line = lines.get(p);
        }
        String field = pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        return new IOException(file + ":" + (line == null ? 1 : line) + ": "
                + (field.isEmpty() ? "" : "field '" + field + "': ") + what);
    }
}
