package org.preflab.engine.tokenize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON files of a model folder, turning every failure into a message that names the file. */
final class JsonFiles {
    // Trailing garbage after the top-level value is a broken file, not something to ignore silently.
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFiles() {}

    /** The top-level object of {@code file}, or null when the file does not exist (the optional config files). */
    static JsonNode readObjectIfPresent(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw failure(file, e);
        }
        if (node == null || !node.isObject()) {
            throw new TokenizerException(file + ": expected a JSON object at the top level");
        }
        return node;
    }

    /** Wraps a Jackson or I/O failure so the message names the file and, for bad JSON, the line and column. */
    static TokenizerException failure(Path file, IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation at = jpe.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return new TokenizerException(file + ": malformed JSON" + where + ": " + jpe.getOriginalMessage(), e);
        }
        return new TokenizerException(file + ": cannot read: " + e, e);
    }
}
