package org.preflab.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Supervised data in TRL's prompt-completion form ({"prompt": ..., "completion": ...} per line) or language-modelling
 * form ({"text": ...}, all of it the completion after BOS). Truncation keeps the start and cuts the completion
 * first, then the prompt; how many were truncated is reported, never silent.
 */
public final class SftData {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tokenized examples and how many had to be truncated to fit. */
    public record Loaded(List<ScoredSequence> examples, int truncated) {}

    private SftData() {}

    public static Loaded load(Path file, TextTokenizer tok, int maxLength) throws IOException {
        List<ScoredSequence> out = new ArrayList<>();
        int truncated = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IOException(file + ": line " + lineNo + ": malformed JSON: " + e.getOriginalMessage());
                }
                if (!n.isObject()) {
                    throw new IOException(file + ": line " + lineNo + ": expected a JSON object, got " + n.getNodeType());
                }
                long[] prompt;
                long[] completion;
                // Only max_length + 1 ids of each can matter (more only says "truncated"): the work is bounded by
                // max_length, not by the record's size, and the result is what whole tokenization gives.
                int enough = maxLength + 1;
                if (n.has("text")) {
                    prompt = new long[] {tok.specialTokens().bosId().orElse(tok.padIdOrEos())};
                    completion = tok.encodePrefix(text(file, lineNo, n, "text"), false, enough);
                } else {
                    prompt = tok.encodePrefix(text(file, lineNo, n, "prompt"), true, enough);
                    completion = tok.encodePrefix(text(file, lineNo, n, "completion"), false, enough);
                    if (tok.specialTokens().eosId().isPresent()) { // teach the model to stop, as TRL does
                        completion = Arrays.copyOf(completion, completion.length + 1);
                        completion[completion.length - 1] = tok.specialTokens().eosId().getAsLong();
                    }
                }
                if (prompt.length + completion.length > maxLength) {
                    truncated++;
                    int keepCompletion = Math.max(0, maxLength - prompt.length);
                    completion = Arrays.copyOf(completion, keepCompletion);
                    prompt = Arrays.copyOf(prompt, Math.min(prompt.length, maxLength));
                    if (completion.length == 0) {
                        continue; // nothing left to learn from; counted as truncated
                    }
                }
                out.add(new ScoredSequence(prompt, completion));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no usable examples (" + lineNo + " lines read)");
        }
        return new Loaded(out, truncated);
    }

    private static String text(Path file, int line, JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IOException(file + ": line " + line + ": missing field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw new IOException(file + ": line " + line + ": field '" + field + "' should be a string, got "
                    + v.getNodeType());
        }
        if (v.asText().isEmpty()) {
            throw new IOException(file + ": line " + line + ": field '" + field + "' is empty");
        }
        return v.asText();
    }
}
