package org.preflab.engine.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.model.TransformerLM;

/**
 * Compares a loaded model with a golden.json (format in shared/fixtures/README.md): full logits of each case,
 * token and sequence log-probs, the batched cases run as one right-padded batch, and the greedy continuation.
 */
public final class GoldenCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TransformerLM lm;
    private final NDManager scratch;
    private double logitDiff = Double.NaN;
    private double tokenDiff = Double.NaN;
    private double seqDiff = Double.NaN;

    private GoldenCheck(TransformerLM lm, NDManager scratch) {
        this.lm = lm;
        this.scratch = scratch;
    }

    /** Runs every check the file supports against {@code lm} (tokenizer cases are checked by the caller). */
    public static GoldenReport run(TransformerLM lm, NDManager scratch, Path goldenFile) throws IOException {
        JsonNode g;
        try {
            g = JSON.readTree(goldenFile.toFile());
        } catch (IOException e) {
            throw new IOException(goldenFile + ": not a readable golden JSON file: " + e.getMessage(), e);
        }
        JsonNode tol = required(goldenFile, g, "tolerances");
        GoldenReport.Tolerances tolerances = new GoldenReport.Tolerances(
                required(goldenFile, tol, "logits_max_abs").asDouble(),
                required(goldenFile, tol, "token_logprob_max_abs").asDouble(),
                required(goldenFile, tol, "sequence_logprob_abs").asDouble());
        GoldenCheck c = new GoldenCheck(lm, scratch);
        List<JsonNode> cases = new ArrayList<>();
        required(goldenFile, g, "cases").forEach(cases::add);
        c.compareBatch(goldenFile, cases.subList(0, cases.size()), false);
        if (g.has("batch")) {
            List<JsonNode> batch = new ArrayList<>();
            required(goldenFile, g.get("batch"), "cases").forEach(batch::add);
            c.compareBatch(goldenFile, batch, true);
        }
        Boolean greedy = null;
        if (g.has("greedy")) {
            greedy = c.greedyMatches(goldenFile, g.get("greedy"));
        }
        return new GoldenReport(c.logitDiff, c.tokenDiff, c.seqDiff, greedy, null, tolerances);
    }

    /** Cases one at a time, or all together as one padded batch. */
    private void compareBatch(Path file, List<JsonNode> cases, boolean together) throws IOException {
        if (!together) {
            for (JsonNode c : cases) {
                compareBatch(file, List.of(c), true);
            }
            return;
        }
        if (cases.isEmpty()) {
            return;
        }
        List<long[]> ids = new ArrayList<>();
        for (JsonNode c : cases) {
            ids.add(JSON.convertValue(required(file, c, "input_ids"), long[].class));
        }
        int t = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        int v = lm.config().vocabSize();
        try (NDManager m = scratch.newSubManager()) {
            long[] flat = new long[ids.size() * t]; // right-padded with id 0, which no real token attends to
            for (int r = 0; r < ids.size(); r++) {
                System.arraycopy(ids.get(r), 0, flat, r * t, ids.get(r).length);
            }
            float[] logits = lm.forward(m.create(flat, new Shape(ids.size(), t))).toFloatArray();
            for (int r = 0; r < ids.size(); r++) {
                JsonNode c = cases.get(r);
                long[] x = ids.get(r);
                double[] logp = new double[x.length];
                for (int pos = 0; pos < x.length; pos++) {
                    int base = (r * t + pos) * v;
                    if (c.has("logits")) {
                        JsonNode row = c.get("logits").get(pos);
                        for (int j = 0; j < v; j++) {
                            logitDiff = max(logitDiff, Math.abs(logits[base + j] - row.get(j).asDouble()));
                        }
                    }
                    if (pos + 1 < x.length) {
                        logp[pos + 1] = logSoftmaxAt(logits, base, v, (int) x[pos + 1]);
                    }
                }
                if (c.has("token_logprobs")) {
                    JsonNode tl = c.get("token_logprobs");
                    for (int i = 0; i < tl.size(); i++) {
                        tokenDiff = max(tokenDiff, Math.abs(logp[i + 1] - tl.get(i).asDouble()));
                    }
                }
                if (c.has("sequence_logprob")) {
                    double scored = SequenceScorer.scoreToArrays(lm, m,
                            List.of(new ScoredSequence(new long[] {x[0]}, Arrays.copyOfRange(x, 1, x.length))), 0)[0][0];
                    seqDiff = max(seqDiff, Math.abs(scored - c.get("sequence_logprob").asDouble()));
                }
            }
        }
    }

    private boolean greedyMatches(Path file, JsonNode greedy) throws IOException {
        long[] prompt = JSON.convertValue(required(file, greedy, "prompt_ids"), long[].class);
        long[] expected = JSON.convertValue(required(file, greedy, "generated_ids"), long[].class);
        int n = required(file, greedy, "max_new_tokens").asInt();
        Generation gen = Generator.generate(lm, scratch, List.of(prompt), SamplingConfig.greedy(n)).get(0);
        return Arrays.equals(gen.tokens(), expected);
    }

    private static double logSoftmaxAt(float[] logits, int base, int v, int id) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, logits[base + j]);
        }
        double sum = 0;
        for (int j = 0; j < v; j++) {
            sum += Math.exp(logits[base + j] - max);
        }
        return logits[base + id] - max - Math.log(sum);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Math.max(a, b);
    }

    static JsonNode required(Path file, JsonNode node, String field) throws IOException {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw new IOException(file + ": missing field '" + field + "'");
        }
        return n;
    }
}
