package org.preflab.engine.apl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Reads a loop's pool: a preference-pair file in any of TRL's forms (each pair an item, its label hidden until
 * acquired), or a prompt-only JSONL file ({@code {"prompt": "..."}} per line), whose prompts the policy completes.
 */
public final class PromptPool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptPool() {}

    /** Whether the file holds prompts only: its first record has a "prompt" and no "chosen". */
    public static boolean isPromptOnly(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    JsonNode n = parse(file, 1, line);
                    return n.has("prompt") && !n.has("chosen");
                }
            }
        }
        return false;
    }

    /** Items from already tokenized pairs (the prompt text decoded from its tokens, as the model saw it). */
    public static List<PoolItem> ofPairs(List<PairExample> pairs, TextTokenizer tok) {
        List<PoolItem> out = new ArrayList<>(pairs.size());
        for (PairExample p : pairs) {
            out.add(new PoolItem(tok.decode(p.prompt(), true), p.prompt(), p));
        }
        return out;
    }

    /**
     * A prompt-only file: each non-blank line a JSON object with a string "prompt"; a bad line names the file and line.
     * Prompts are tokenized with special tokens (BOS) and keep their end when longer than {@code maxPromptLength}
     * (0: no limit).
     */
    public static List<PoolItem> readPrompts(Path file, TextTokenizer tok, int maxPromptLength) throws IOException {
        List<PoolItem> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = parse(file, i + 1, line);
            JsonNode p = n.get("prompt");
            if (p == null || !p.isTextual() || p.asText().isBlank()) {
                throw new IOException(file + ": line " + (i + 1) + ": field 'prompt' must be a non-blank string");
            }
            long[] ids = tok.encode(p.asText(), true);
            if (maxPromptLength > 0 && ids.length > maxPromptLength) {
                ids = keepEnd(ids, maxPromptLength, tok.specialTokens().bosId());
            }
            out.add(new PoolItem(p.asText(), ids, null));
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no prompts");
        }
        return out;
    }

    private static JsonNode parse(Path file, int line, String text) throws IOException {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new IOException(file + ": line " + line + ": expected a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": line " + line + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The last n ids, keeping a leading BOS. */
    private static long[] keepEnd(long[] ids, int n, java.util.OptionalLong bos) {
        if (n >= 2 && bos.isPresent() && ids[0] == bos.getAsLong()) {
            long[] out = new long[n];
            out[0] = ids[0];
            System.arraycopy(ids, ids.length - (n - 1), out, 1, n - 1);
            return out;
        }
        return Arrays.copyOfRange(ids, ids.length - n, ids.length);
    }
}
