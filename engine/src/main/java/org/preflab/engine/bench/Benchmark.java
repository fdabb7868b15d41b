package org.preflab.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.compute.TokenBatch;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.model.ModelFactory;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.train.AdamW;

/**
 * The project benchmark: exactly the shapes of shared/bench/workloads.json, timed like torch_reference.py (warm-up
 * runs, then the median), one JSON line per workload. Must run on the engine thread.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {}

    /** Runs every workload in the file and returns one result map per workload, in file order. */
    public static List<Map<String, Object>> run(Path workloads, NDManager root) throws IOException {
        JsonNode w = JSON.readTree(workloads.toFile());
        JsonNode mc = field(workloads, w, "model");
        ModelConfig cfg = ModelFactory.gpt2(mc.get("vocab").asInt(), mc.get("context").asInt(),
                mc.get("d_model").asInt(), mc.get("n_layer").asInt(), mc.get("n_head").asInt());
        List<Map<String, Object>> out = new ArrayList<>();
        try (TransformerLM lm = ModelFactory.randomInit(cfg, 0, root)) {
            JsonNode dpo = field(workloads, w, "dpo_step");
            out.add(result("dpo_step", dpoStep(lm, root, dpo)));
            JsonNode gen = field(workloads, w, "generate");
            out.add(result("generate", generate(lm, root, gen)));
        }
        return out;
    }

    private static Map<String, Object> result(String name, double tokensPerS) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", name);
        r.put("tokens_per_s", Math.round(tokensPerS * 10) / 10.0);
        return r;
    }

    /** Sigmoid DPO with precomputed reference log-probs: forward, backward, global-norm clip, AdamW. */
    static double dpoStep(TransformerLM lm, NDManager root, JsonNode w) {
        return dpoSteps(lm, root, w, 3, w.get("steps").asInt(), null);
    }

    /**
     * Runs {@code steps} DPO steps of the workload's shape and reports memory every tenth of the way: RSS and the
     * managed-array count must stay flat (the closing check of the engine issue).
     */
    public static List<Map<String, Object>> memorySoak(Path workloads, NDManager root, int steps,
            java.util.function.Consumer<Map<String, Object>> sink) throws IOException {
        JsonNode w = JSON.readTree(workloads.toFile());
        JsonNode mc = field(workloads, w, "model");
        ModelConfig cfg = ModelFactory.gpt2(mc.get("vocab").asInt(), mc.get("context").asInt(),
                mc.get("d_model").asInt(), mc.get("n_layer").asInt(), mc.get("n_head").asInt());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (TransformerLM lm = ModelFactory.randomInit(cfg, 0, root)) {
            int every = Math.max(1, steps / 10);
            int[] done = {0};
            dpoSteps(lm, root, field(workloads, w, "dpo_step"), 0, steps, () -> {
                done[0]++;
                if (done[0] == 1 || done[0] % every == 0) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("workload", "memory");
                    r.put("step", done[0]);
                    var snap = org.preflab.engine.runtime.MemoryProbe.snapshot(root);
                    r.put("rss_mb", snap.rssMb());
                    r.put("managed_arrays", snap.arrays());
                    rows.add(r);
                    sink.accept(r);
                }
            });
        }
        return rows;
    }

    private static double dpoSteps(TransformerLM lm, NDManager root, JsonNode w, int warm, int steps,
            Runnable afterEach) {
        int pairs = w.get("pairs").asInt();
        int p = w.get("prompt_len").asInt();
        int c = w.get("completion_len").asInt();
        double beta = w.get("beta").asDouble();
        double lr = w.get("lr").asDouble();
        double clip = w.get("grad_clip").asDouble();
        int vocab = lm.config().vocabSize();
        SplittableRandom r = new SplittableRandom(1);
        for (NDArray a : lm.parameters().values()) {
            a.setRequiresGradient(true);
        }
        try (AdamW opt = new AdamW(root, 0.9, 0.999, 1e-8, 0.01)) {
            DoubleSupplier step = () -> {
                List<ScoredSequence> seqs = new ArrayList<>(); // chosen first, then rejected, as TRL lays them out
                for (int i = 0; i < 2 * pairs; i++) {
                    seqs.add(new ScoredSequence(r.ints(p, 0, vocab).asLongStream().toArray(),
                            r.ints(c, 0, vocab).asLongStream().toArray()));
                }
                float[] ref = new float[2 * pairs];
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) r.nextGaussian();
                }
                long t0 = System.nanoTime();
                try (NDManager m = root.newSubManager()) {
                    try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                        SequenceLogProbs lp = SequenceScorer.score(lm, TokenBatch.of(m, seqs, 0), false);
                        NDArray s = lp.sum().sub(m.create(ref, new Shape(2 * pairs)));
                        NDArray h = s.get("0:" + pairs).sub(s.get(pairs + ":"));
                        NDArray loss = Activation.softPlus(org.preflab.engine.tensor.Scalars.mul(h, -beta)).mean(); // -log sigmoid(beta h)
                        gc.backward(loss);
                    }
                    double norm = org.preflab.engine.train.GradientClipping.globalNorm(lm.parameters(), m);
                    opt.step(lm.parameters(), lr, org.preflab.engine.train.GradientClipping.scale(norm, clip), m);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                if (afterEach != null) {
                    afterEach.run();
                }
                return secs;
            };
            double secs = timed(step, warm, steps);
            return 2.0 * pairs * (p + c) / secs;
        } finally {
            for (NDArray a : lm.parameters().values()) {
                a.setRequiresGradient(false);
            }
        }
    }

    /** Sampling at the given temperature with the KV cache; new tokens per second. */
    static double generate(TransformerLM lm, NDManager root, JsonNode w) {
        int prompts = w.get("prompts").asInt();
        int len = w.get("prompt_len").asInt();
        int n = w.get("new_tokens").asInt();
        double temperature = w.get("temperature").asDouble();
        SplittableRandom r = new SplittableRandom(2);
        int vocab = lm.config().vocabSize();
        DoubleSupplier run = () -> {
            List<long[]> ps = new ArrayList<>();
            for (int i = 0; i < prompts; i++) {
                ps.add(r.ints(len, 0, vocab).asLongStream().toArray());
            }
            long t0 = System.nanoTime();
            Generator.generate(lm, root, ps, new SamplingConfig(temperature, 0, 1.0, n, Set.of(), r.nextLong()));
            return (System.nanoTime() - t0) / 1e9;
        };
        double secs = timed(run, 1, w.get("repeats").asInt());
        return (double) prompts * n / secs;
    }

    /** Median of {@code reps} timed runs after {@code warm} untimed ones. */
    static double timed(DoubleSupplier run, int warm, int reps) {
        for (int i = 0; i < warm; i++) {
            run.getAsDouble();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = run.getAsDouble();
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static JsonNode field(Path file, JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IOException(file + ": missing workload '" + name + "'");
        }
        return v;
    }
}
