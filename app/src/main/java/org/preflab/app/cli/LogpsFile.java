package org.preflab.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import org.preflab.engine.loss.PairLogps;

/**
 * Reads the input of {@code preflab loss}: one JSON object holding six equally long number arrays,
 * {@code policy_chosen}, {@code policy_rejected}, {@code reference_chosen}, {@code reference_rejected},
 * {@code chosen_lengths}, {@code rejected_lengths}. Every error names the file and the field; unknown fields are
 * errors too, since a misspelt field would otherwise surface as a confusing "missing field".
 */
final class LogpsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogpsFile() {}

    static PairLogps read(Path file) {
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw error(file, "expected one JSON object with the fields " + String.join(", ", PairLogps.FIELDS));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PairLogps.FIELDS.contains(name)) {
                throw error(file, "unknown field '" + name + "'; expected " + String.join(", ", PairLogps.FIELDS));
            }
        }
        double[][] columns = new double[PairLogps.FIELDS.size()][];
        for (int f = 0; f < columns.length; f++) {
            columns[f] = numbers(file, root, PairLogps.FIELDS.get(f));
        }
        try {
            return new PairLogps(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
        } catch (IllegalArgumentException e) {
            throw error(file, e.getMessage());
        }
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        } catch (JsonProcessingException e) {
            throw error(file, "not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static double[] numbers(Path file, JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw error(file, "missing field '" + field + "'");
        }
        if (!node.isArray()) {
            throw error(file, "field '" + field + "' must be an array of numbers, got " + node.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT));
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw error(file, "field '" + field + "'[" + i + "] is " + v + ", not a number");
            }
            values[i] = v.asDouble();
        }
        return values;
    }

    private static IllegalArgumentException error(Path file, String message) {
        return new IllegalArgumentException(file + ": " + message);
    }
}
