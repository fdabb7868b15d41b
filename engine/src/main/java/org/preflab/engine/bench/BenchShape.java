package org.preflab.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.model.ModelFactory;

/**
 * One model shape the benchmark runs at, with random weights of that config built in-process. {@code bench} is the
 * fixed shape of workloads.json; {@code gpt2-small} and {@code llama-135m} are the shapes users train, exactly as
 * shared/bench/trl/make_case.py defines them (vocabulary 4096, context 256), so the figures hold against TRL's.
 *
 * @param name the shape's name on the command line
 * @param model the architecture, random weights
 * @param pairs DPO pairs per step (the big shapes use compare.sh's batch of 2, not the file's 8)
 * @param warmSteps untimed DPO steps before the timed ones
 * @param steps timed DPO steps (the median is reported)
 * @param genRepeats timed sampling repeats after one warm-up
 */
public record BenchShape(String name, ModelConfig model, int pairs, int warmSteps, int steps, int genRepeats,
        Path modelDir) {
    public BenchShape(String name, ModelConfig model, int pairs, int warmSteps, int steps, int genRepeats) {
        this(name, model, pairs, warmSteps, steps, genRepeats, null);
    }

    /**
     * The same workloads on a Hugging Face model folder's weights and architecture instead of random ones (e.g. a
     * run's starting model), so that a figure can be held against {@code preflab run} on that folder.
     */
    public BenchShape withModel(Path dir) throws java.io.IOException {
        return new BenchShape(name + "@" + dir.getFileName(), ModelConfig.load(dir), pairs, warmSteps, steps,
                genRepeats, dir);
    }

    /** The model the workloads run on: the folder's, loaded, or random weights of the shape. */
    public org.preflab.engine.model.TransformerLM build(ai.djl.ndarray.NDManager root) throws java.io.IOException {
        return modelDir != null ? org.preflab.engine.model.ModelIO.load(modelDir, root)
                : ModelFactory.randomInit(model, 0, root);
    }

    /** The shapes {@code all} stands for, in order. */
    public static final List<String> NAMES = List.of("bench", "gpt2-small", "llama-135m");

    /** Vocabulary and context of make_case.py's gpt2-small and llama-135m. */
    private static final int VOCAB = 4096;
    private static final int CONTEXT = 256;

    /**
     * The shape called {@code name}; the bench shape and its step counts come from the workloads file, the big
     * shapes keep the file's sequence lengths and settings but run fewer, smaller steps (a llama-135m step takes
     * seconds on two cores).
     */
    public static BenchShape of(String name, Path file, JsonNode workloads) throws java.io.IOException {
        JsonNode dpo = Benchmark.field(file, workloads, "dpo_step");
        int repeats = Benchmark.field(file, workloads, "generate").path("repeats").asInt(3);
        switch (name) {
            case "bench": {
                JsonNode mc = Benchmark.field(file, workloads, "model");
                return new BenchShape(name, ModelFactory.gpt2(mc.get("vocab").asInt(), mc.get("context").asInt(),
                        mc.get("d_model").asInt(), mc.get("n_layer").asInt(), mc.get("n_head").asInt()),
                        dpo.get("pairs").asInt(), 3, dpo.get("steps").asInt(), repeats);
            }
            case "gpt2-small":
                return new BenchShape(name, ModelFactory.gpt2(VOCAB, CONTEXT, 768, 12, 12), 2, 2, 6, 2);
            case "llama-135m": // SmolLM-135M's shape: 9 query heads sharing 3 key/value heads
                return new BenchShape(name, ModelFactory.llama(VOCAB, CONTEXT, 576, 1536, 30, 9, 3), 2, 2, 6, 2);
            default:
                throw new IllegalArgumentException("unknown shape '" + name + "': bench, gpt2-small, llama-135m or all");
        }
    }

    /** The same shape with other numbers of timed DPO steps and sampling repeats (0 keeps the shape's own). */
    public BenchShape withRuns(int timedSteps, int repeats) {
        return new BenchShape(name, model, pairs, warmSteps, timedSteps > 0 ? timedSteps : steps,
                repeats > 0 ? repeats : genRepeats, modelDir);
    }

    /** The same shape with fewer layers and steps: for tests that the shape builds and runs, not for figures. */
    public BenchShape reduced(int layers, int timedSteps) {
        return new BenchShape(name, ModelFactory.withLayers(model, layers), pairs, 0, timedSteps, 1, null);
    }
}
