package org.preflab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** Typed access to config.json fields with errors that name the file and the field. */
final class ConfigReader {
    private final Path file;
    private final JsonNode root;

    ConfigReader(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    String string(String field) throws ModelFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new ModelFormatException(file, "missing field '" + field + "'");
        }
        if (!n.isTextual()) {
            throw new ModelFormatException(file, "field '" + field + "' should be a string, got " + n);
        }
        return n.asText();
    }

    String optString(String field, String dflt) throws ModelFormatException {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? dflt : string(field);
    }

    int integer(String field) throws ModelFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new ModelFormatException(file, "missing field '" + field + "'");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ModelFormatException(file, "field '" + field + "' should be an integer, got " + n);
        }
        return n.intValue();
    }

    int optInt(String field, int dflt) throws ModelFormatException {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? dflt : integer(field);
    }

    double optDouble(String field, double dflt) throws ModelFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw new ModelFormatException(file, "field '" + field + "' should be a number, got " + n);
        }
        return n.doubleValue();
    }

    boolean optBool(String field, boolean dflt) throws ModelFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new ModelFormatException(file, "field '" + field + "' should be true or false, got " + n);
        }
        return n.booleanValue();
    }

    /** A token id that may be absent, an integer, or a list of integers (the first is taken). */
    long optTokenId(String field) throws ModelFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return -1;
        }
        if (n.isArray() && n.size() > 0) {
            n = n.get(0);
        }
        if (!n.isIntegralNumber()) {
            throw new ModelFormatException(file, "field '" + field + "' should be a token id, got " + root.get(field));
        }
        return n.longValue();
    }
}
