package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds models: freshly initialised (for benchmarks and from-scratch experiments) or from given arrays. */
public final class ModelFactory {
    private ModelFactory() {}

    /**
     * A model with GPT-2's initialisation: weights N(0, 0.02²), biases 0, norm gains 1. Drawn from a Java random
     * stream, so the same seed gives the same model on every machine and thread count.
     */
    public static TransformerLM randomInit(ModelConfig cfg, long seed, NDManager parent) {
        NDManager m = parent.newSubManager();
        SplittableRandom r = new SplittableRandom(seed);
        LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : ParameterLayout.of(cfg).entrySet()) {
            Shape shape = new Shape(e.getValue());
            String name = e.getKey();
            // Drawn straight into libtorch's memory: no float[] on the heap, no Java buffer behind the tensor.
            NDArray a = m.create(shape, DataType.FLOAT32);
            java.nio.FloatBuffer data = org.preflab.engine.tensor.Views.floats(a);
            int n = Math.toIntExact(shape.size());
            boolean gain = ParameterLayout.isNormWeight(name) && name.endsWith(".weight");
            boolean bias = name.endsWith(".bias");
            for (int i = 0; i < n; i++) {
                data.put(i, gain ? 1f : bias ? 0f : (float) (0.02 * r.nextGaussian()));
            }
            a.setName(name);
            params.put(name, a);
        }
        return new TransformerLM(cfg, m, params, null);
    }

    /** A GPT-2 architecture with the given sizes (for the benchmark's fixed shapes). */
    public static ModelConfig gpt2(int vocab, int context, int dModel, int layers, int heads) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("model_type", "gpt2");
        raw.put("architectures", java.util.List.of("GPT2LMHeadModel"));
        raw.put("vocab_size", vocab);
        raw.put("n_positions", context);
        raw.put("n_embd", dModel);
        raw.put("n_layer", layers);
        raw.put("n_head", heads);
        raw.put("n_inner", null);
        raw.put("activation_function", "gelu_new");
        raw.put("layer_norm_epsilon", 1e-5);
        raw.put("tie_word_embeddings", true);
        return new ModelConfig(ModelFamily.GPT2, vocab, dModel, layers, heads, heads, dModel / heads, 4 * dModel,
                context, 1e-5, null, true, false, false, 0, false, -1, -1, raw);
    }

    /**
     * A Llama architecture with the given sizes, as transformers' LlamaConfig writes it (SiLU, RMSNorm eps 1e-5,
     * RoPE base 10000, no biases, tied head): the benchmark's llama-135m shape.
     */
    public static ModelConfig llama(int vocab, int context, int hidden, int intermediate, int layers, int heads,
            int kvHeads) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("model_type", "llama");
        raw.put("architectures", java.util.List.of("LlamaForCausalLM"));
        raw.put("vocab_size", vocab);
        raw.put("hidden_size", hidden);
        raw.put("intermediate_size", intermediate);
        raw.put("num_hidden_layers", layers);
        raw.put("num_attention_heads", heads);
        raw.put("num_key_value_heads", kvHeads);
        raw.put("max_position_embeddings", context);
        raw.put("rms_norm_eps", 1e-5);
        raw.put("rope_theta", 10000.0);
        raw.put("hidden_act", "silu");
        raw.put("tie_word_embeddings", true);
        int headDim = hidden / heads;
        return new ModelConfig(ModelFamily.LLAMA, vocab, hidden, layers, heads, kvHeads, headDim, intermediate,
                context, 1e-5, Rope.plain(10000.0), true, false, false, headDim, false, -1, -1, raw);
    }

    /** The same architecture with {@code layers} blocks (for tests that run a big shape small). */
    public static ModelConfig withLayers(ModelConfig c, int layers) {
        Map<String, Object> raw = new LinkedHashMap<>(c.raw());
        raw.put(c.family() == ModelFamily.GPT2 ? "n_layer" : "num_hidden_layers", layers);
        return new ModelConfig(c.family(), c.vocabSize(), c.hidden(), layers, c.heads(), c.kvHeads(), c.headDim(),
                c.intermediate(), c.maxPositions(), c.normEps(), c.rope(), c.tiedHead(), c.qkvBias(), c.outBias(),
                c.rotaryDims(), c.parallelResidual(), c.bosTokenId(), c.eosTokenId(), raw);
    }
}
