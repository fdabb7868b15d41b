package org.preflab.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.run.PairSource;

/** Where runs get their preference pairs from. */
public final class DataSources {
    private DataSources() {}

    /** Standard-form JSONL ({"prompt", "chosen", "rejected"}), tokenized as TRL does; EOS ends each completion. */
    public static PairSource pairs() {
        return (file, tok, modelDir, data) -> {
            List<PairExample> out = new ArrayList<>();
            int truncated = 0;
            int dropped = 0;
            int line = 0;
            ObjectMapper json = new ObjectMapper();
            for (String text : Files.readAllLines(file)) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(text);
                long[] prompt = tok.encode(field(file, line, n, "prompt"), true);
                String chosenText = field(file, line, n, "chosen");
                String rejectedText = field(file, line, n, "rejected");
                long[] chosen = withEos(tok.encode(chosenText, false), tok);
                long[] rejected = withEos(tok.encode(rejectedText, false), tok);
                int max = data.maxLength();
                if (prompt.length >= max) {
                    dropped++;
                    continue;
                }
                if (prompt.length + Math.max(chosen.length, rejected.length) > max) {
                    truncated++;
                    chosen = Arrays.copyOf(chosen, Math.min(chosen.length, max - prompt.length));
                    rejected = Arrays.copyOf(rejected, Math.min(rejected.length, max - prompt.length));
                }
                out.add(new PairExample(out.size(), prompt, chosen, rejected, chosenText, rejectedText));
            }
            return new PairSource.Loaded(out, truncated, dropped, "standard");
        };
    }

    private static long[] withEos(long[] ids, org.preflab.engine.tokenize.TextTokenizer tok) {
        if (tok.specialTokens().eosId().isEmpty()) {
            return ids;
        }
        long[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = tok.specialTokens().eosId().getAsLong();
        return out;
    }

    private static String field(Path file, int line, JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new IOException(file + ": line " + line + ": field '" + name + "' missing or not a string");
        }
        return v.asText();
    }
}
