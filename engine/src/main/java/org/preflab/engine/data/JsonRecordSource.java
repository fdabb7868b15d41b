package org.preflab.engine.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records of a JSONL file (one JSON value per non-blank line) or of a JSON file holding one top-level array, each
 * with its line number. A file whose first non-blank character is {@code [} is read as a JSON array, anything else
 * as JSONL, so that a JSONL file with a broken first line is still read line by line.
 */
final class JsonRecordSource {
    /**
     * Duplicate keys are an error rather than "the last one wins": a record with two "chosen" fields is ambiguous.
     * Text after a JSONL line's value is an error too.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** For array elements, which are followed by more of the array. */
    private static final ObjectReader ELEMENT =
            JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One record: its value, or why it is not JSON (then {@code value} is null). */
    record Raw(int line, JsonNode value, String syntaxError) {}

    private JsonRecordSource() {}

    /**
     * A JSON object as plain Java values, as a {@code DatasetFormat} sees it: maps (in key order), lists, strings,
     * numbers, booleans and null.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(JsonNode object) {
        return JSON.convertValue(object, Map.class);
    }

    /**
     * @throws DatasetFileException when the file is missing, not UTF-8 text, empty, or holds no JSON value at all
     */
    static List<Raw> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DatasetFileException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DatasetFileException(file + ": line " + firstBadUtf8Line(file)
                    + ": not valid UTF-8 text (JSON and JSONL must be UTF-8); re-save the file as UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte-order mark some editors write
        }
        if (text.isBlank()) {
            throw new DatasetFileException(file + ": the file is empty");
        }
        List<Raw> records = text.strip().startsWith("[") ? array(text) : lines(text);
        if (records.isEmpty()) {
            throw new DatasetFileException(file + ": the JSON array is empty");
        }
        if (records.stream().allMatch(r -> r.value() == null)) {
            Raw first = records.get(0);
            throw new DatasetFileException(file + ": not JSON or JSONL (line " + first.line() + ": "
                    + first.syntaxError() + ")");
        }
        return records;
    }

    /** The 1-based line holding the first byte sequence that is not UTF-8. */
    static int firstBadUtf8Line(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    d.reset().decode(java.nio.ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException bad) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line - 1;
    }

    private static List<Raw> lines(String text) {
        List<Raw> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(new Raw(i + 1, JSON.readTree(lines[i]), null));
            } catch (JsonProcessingException e) {
                out.add(new Raw(i + 1, null, problem(e, false)));
            }
        }
        return out;
    }

    /**
     * The elements of a top-level array, streamed so that each knows the line it starts on. A syntax error ends the
     * reading: JSON cannot be resynchronised after one. It becomes a bad record at the error's line; the file is
     * unusable only when no element came before it.
     */
    private static List<Raw> array(String text) throws IOException {
        List<Raw> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken(); // the opening [
            int line = 1;
            try {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        out.add(new Raw(line, null, "the array is not closed (no final ])"));
                        return out;
                    }
                    line = p.currentTokenLocation().getLineNr();
                    out.add(new Raw(line, ELEMENT.readTree(p), null));
                }
                if (p.nextToken() != null) {
                    out.add(new Raw(p.currentTokenLocation().getLineNr(), null,
                            "text after the closing ] of the array"));
                }
            } catch (JsonProcessingException e) {
                int at = e.getLocation() == null ? line : e.getLocation().getLineNr();
                out.add(new Raw(at, null, problem(e, true) + "; the rest of the file could not be read"));
            }
        }
        return out;
    }

    /** Jackson's message without its source excerpt, plus the column (and line, inside a multi-line array). */
    private static String problem(JsonProcessingException e, boolean withLine) {
        String m = String.valueOf(e.getOriginalMessage());
        for (String aside : new String[] {"\n", " (start marker", " (for "}) {
            int cut = m.indexOf(aside);
            if (cut > 0) {
                m = m.substring(0, cut);
            }
        }
        var loc = e.getLocation();
        if (loc == null) {
            return m;
        }
        return m + (withLine ? " (line " + loc.getLineNr() + ", column " : " (column ") + loc.getColumnNr() + ")";
    }
}
