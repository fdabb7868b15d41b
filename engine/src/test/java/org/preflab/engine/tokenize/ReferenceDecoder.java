package org.preflab.engine.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent decoder for the stories260k decoder chain, written from the Hugging Face tokenizers semantics:
 * Replace "▁" -> " ", ByteFallback (a run of {@code <0xXX>} tokens becomes its bytes as UTF-8, or one U+FFFD per
 * byte when the run is not valid UTF-8), Fuse, Strip one leading space. Skipped special tokens are dropped first.
 */
final class ReferenceDecoder {
    private static final Pattern BYTE = Pattern.compile("<0x([0-9A-F]{2})>");
    private final Map<Long, String> pieces = new HashMap<>();
    private final Set<Long> special = new HashSet<>();

    ReferenceDecoder(Path tokenizerJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
        root.get("model").get("vocab").fields().forEachRemaining(e -> pieces.put(e.getValue().asLong(), e.getKey()));
        for (JsonNode added : root.get("added_tokens")) {
            pieces.put(added.get("id").asLong(), added.get("content").asText());
            if (added.get("special").asBoolean()) {
                special.add(added.get("id").asLong());
            }
        }
    }

    String decode(long[] ids, boolean skipSpecial) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (long id : ids) {
            String piece = pieces.get(id);
            if (piece == null || (skipSpecial && special.contains(id))) {
                continue;
            }
            Matcher m = BYTE.matcher(piece);
            if (m.matches()) {
                bytes.write(Integer.parseInt(m.group(1), 16));
                continue;
            }
            flush(bytes, out);
            out.append(piece.replace("\u2581", " "));
        }
        flush(bytes, out);
        return out.length() > 0 && out.charAt(0) == ' ' ? out.substring(1) : out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) {
            return;
        }
        byte[] b = bytes.toByteArray();
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)));
        } catch (CharacterCodingException e) {
            out.append("\uFFFD".repeat(b.length));
        }
        bytes.reset();
    }
}
