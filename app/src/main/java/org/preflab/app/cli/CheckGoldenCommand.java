package org.preflab.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.golden.GoldenReport;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflab check-golden <model-dir> <golden.json>}: compares a checkpoint with reference outputs. */
@Command(name = "check-golden", mixinStandardHelpOptions = true,
        description = {"Loads a Hugging Face model folder and compares it with a golden.json of reference outputs"
                + " (format: shared/fixtures/README.md): max |logit diff|, max token and sequence log-prob diff,"
                + " greedy tokens, and tokenizer cases when the file has them.",
            "Exits 0 only when everything is within the file's tolerances."})
public final class CheckGoldenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<model-dir>", description = "folder with config.json and model.safetensors")
    Path modelDir;

    @Parameters(index = "1", paramLabel = "<golden.json>", description = "reference outputs for that model")
    Path golden;

    @Override
    public Integer call() throws Exception {
        try (NDManager root = DjlRuntime.newManager(); TransformerLM lm = ModelIO.load(modelDir, root)) {
            GoldenReport r = GoldenCheck.run(lm, root, golden);
            Boolean tokenizer = tokenizerCases(golden, modelDir);
            r = new GoldenReport(r.maxLogitDiff(), r.maxTokenLogprobDiff(), r.maxSequenceLogprobDiff(), r.greedyMatch(),
                    tokenizer, r.tolerances());
            System.out.println(r.describe());
            return r.passed() ? 0 : 1;
        }
    }

    /** Encodes every tokenizer case and decodes the greedy text; null when the file or folder has none. */
    static Boolean tokenizerCases(Path golden, Path modelDir) throws Exception {
        JsonNode g = new ObjectMapper().readTree(golden.toFile());
        if (!g.has("tokenizer_cases") || !Files.exists(modelDir.resolve("tokenizer.json"))) {
            return null;
        }
        try (TextTokenizer tok = TextTokenizer.load(modelDir)) {
            boolean ok = true;
            for (JsonNode c : g.get("tokenizer_cases")) {
                long[] want = new ObjectMapper().convertValue(c.get("ids"), long[].class);
                long[] got = tok.encode(c.get("text").asText(), true);
                if (!Arrays.equals(want, got)) {
                    System.out.println("tokenizer case differs: " + c.get("text") + " -> " + Arrays.toString(got)
                            + ", expected " + Arrays.toString(want));
                    ok = false;
                }
            }
            JsonNode greedy = g.get("greedy");
            if (greedy != null && greedy.has("full_text")) {
                long[] ids = new ObjectMapper().convertValue(greedy.get("full_ids"), long[].class);
                String text = tok.decode(ids, true);
                if (!text.equals(greedy.get("full_text").asText())) {
                    System.out.println("decoded greedy text differs: " + text);
                    ok = false;
                }
            }
            return ok;
        }
    }
}
