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
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.runtime.MemoryProbe;
import org.preflab.engine.train.AdamW;

/**
 * The project benchmark: the workloads of shared/bench/workloads.json, timed like torch_reference.py (warm-up
 * runs, then the median), one JSON line per workload, at the file's fixed shape or at one of the shapes users
 * train ({@link BenchShape}). Must run on the engine thread.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {}

    /** Runs every workload in the file at its own (bench) shape; one result map per workload, in file order. */
    public static List<Map<String, Object>> run(Path workloads, NDManager root) throws IOException {
        JsonNode w = JSON.readTree(workloads.toFile());
        return run(workloads, BenchShape.of("bench", workloads, w), WORKLOADS, root);
    }

    /** The workload names, in the order they run. */
    public static final List<String> WORKLOADS = List.of("dpo_step", "generate");

    /** Reads the workloads file (sequence lengths, settings) for {@link BenchShape#of}. */
    public static JsonNode read(Path workloads) throws IOException {
        return JSON.readTree(workloads.toFile());
    }

    /**
     * Runs the named workloads ({@link #WORKLOADS}) at {@code shape}. Each result carries the process's peak RSS so
     * far: run one workload per process to read each one's own peak.
     */
    public static List<Map<String, Object>> run(Path workloads, BenchShape shape, List<String> names,
            NDManager root) throws IOException {
        JsonNode w = read(workloads);
        List<Map<String, Object>> out = new ArrayList<>();
        try (TransformerLM lm = shape.build(root)) {
            for (String name : names) {
                JsonNode spec = field(workloads, w, name);
                double tokensPerS = switch (name) {
                    case "dpo_step" -> dpoSteps(lm, root, spec, shape.pairs(), shape.warmSteps(), shape.steps(), null,
                            null);
                    case "generate" -> generate(lm, root, spec, shape.genRepeats());
                    default -> throw new IllegalArgumentException("unknown workload '" + name + "': "
                            + String.join(", ", WORKLOADS));
                };
                Map<String, Object> r = result(name, tokensPerS);
                r.put("shape", shape.name());
                r.put("parameters", shape.model().parameterCount());
                r.put("batch", name.equals("dpo_step") ? shape.pairs() : spec.get("prompts").asInt());
                r.put("peak_rss_mb", MemoryProbe.peakRssMb());
                out.add(r);
            }
        }
        return out;
    }

    private static Map<String, Object> result(String name, double tokensPerS) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", name);
        r.put("tokens_per_s", Math.round(tokensPerS * 10) / 10.0);
        return r;
    }

    /**
     * Runs {@code steps} DPO steps of the workload's shape and reports memory every tenth of the way: RSS and the
     * managed-array count must stay flat (the closing check of the engine issue).
     */
    public static List<Map<String, Object>> memorySoak(Path workloads, NDManager root, int steps,
            java.util.function.Consumer<Map<String, Object>> sink) throws IOException {
        JsonNode w = JSON.readTree(workloads.toFile());
        BenchShape shape = BenchShape.of("bench", workloads, w);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (TransformerLM lm = shape.build(root)) {
            int every = Math.max(1, steps / 10);
            int[] done = {0};
            dpoSteps(lm, root, field(workloads, w, "dpo_step"), shape.pairs(), 0, steps, () -> {
                done[0]++;
                if (done[0] == 1 || done[0] % every == 0) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("workload", "memory");
                    r.put("step", done[0]);
                    var snap = MemoryProbe.snapshot(root);
                    r.put("rss_mb", snap.rssMb());
                    r.put("managed_arrays", snap.arrays());
                    rows.add(r);
                    sink.accept(r);
                }
            }, null);
        }
        return rows;
    }

    /**
     * Sigmoid DPO with precomputed reference log-probs: forward (each pair's prompt fed once, as training feeds it:
     * {@link PairBatch}), backward, global-norm clip, AdamW; speed in TRL's count, the prompt twice a pair. {@code phase},
     * when not null, is told each point of the step as it passes ("forward", "backward", "clip", "optimizer" with
     * the step's arrays still alive, "end" after they are freed).
     */
    static double dpoSteps(TransformerLM lm, NDManager root, JsonNode w, int pairs, int warm, int steps,
            Runnable afterEach, java.util.function.Consumer<String> phase) {
        java.util.function.Consumer<String> at = phase == null ? x -> { } : phase;
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
                List<PairBatch.Pair> batch = new ArrayList<>(); // scored as training scores them, prompt fed once
                for (int i = 0; i < pairs; i++) {
                    batch.add(new PairBatch.Pair(r.ints(p, 0, vocab).asLongStream().toArray(),
                            r.ints(c, 0, vocab).asLongStream().toArray(), r.ints(c, 0, vocab).asLongStream().toArray()));
                }
                float[] ref = new float[2 * pairs];
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) r.nextGaussian();
                }
                long t0 = System.nanoTime();
                try (NDManager m = root.newSubManager()) {
                    try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                        SequenceLogProbs lp = SequenceScorer.score(lm, PairBatch.of(m, batch, 0), false);
                        NDArray s = lp.sum().sub(m.create(ref, new Shape(2 * pairs)));
                        NDArray h = s.get("0:" + pairs).sub(s.get(pairs + ":"));
                        NDArray loss = Activation.softPlus(org.preflab.engine.tensor.Scalars.mul(h, -beta)).mean(); // -log sigmoid(beta h)
                        at.accept("forward");
                        gc.backward(loss);
                    }
                    at.accept("backward");
                    double norm = org.preflab.engine.train.GradientClipping.globalNorm(lm.parameters(), m);
                    at.accept("clip");
                    opt.step(lm.parameters(), lr, org.preflab.engine.train.GradientClipping.scale(norm, clip), m,
                            name -> false); // dropped below instead
                    at.accept("optimizer");
                    lm.dropGradients();
                }
                at.accept("end");
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
    static double generate(TransformerLM lm, NDManager root, JsonNode w, int repeats) {
        return generate(lm, root, w, 1, repeats, null);
    }

    /** As {@link #generate(TransformerLM, NDManager, JsonNode, int)}, with {@code afterEach} told of every call. */
    static double generate(TransformerLM lm, NDManager root, JsonNode w, int warm, int repeats, Runnable afterEach) {
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
            double secs = (System.nanoTime() - t0) / 1e9;
            if (afterEach != null) {
                afterEach.run();
            }
            return secs;
        };
        double secs = timed(run, warm, repeats);
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

    static JsonNode field(Path file, JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IOException(file + ": missing workload '" + name + "'");
        }
        return v;
    }
}
