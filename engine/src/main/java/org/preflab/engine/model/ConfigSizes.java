package org.preflab.engine.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * config.json's sizes checked before anything is sized by them: against bounds no real checkpoint comes near, then
 * against the tensors the safetensors headers declare. A downloaded config is untrusted: num_hidden_layers 1e8 ran
 * for minutes at 6.6 GB building the tensor layout, max_position_embeddings 2^31-1 overflowed an array size. Every
 * error names config.json, the key, its value and what the weights say.
 */
final class ConfigSizes {
    // Bounds far above every released checkpoint (largest vocabulary ~262k, width 16k-25k, 126 layers, MLP 53k,
    // context 10M), yet small enough that no product of two of them overflows a long.
    static final int MAX_VOCAB = 1 << 24;
    static final int MAX_HIDDEN = 1 << 16;
    static final int MAX_LAYERS = 1 << 10;
    static final int MAX_HEADS = 1 << 12;
    static final int MAX_HEAD_DIM = 1 << 12;
    static final int MAX_INTERMEDIATE = 1 << 20;
    static final int MAX_POSITIONS = 1 << 28;

    private ConfigSizes() {}

    /** The config.json key of each size, in the family's spelling. */
    record Keys(String vocab, String hidden, String layers, String heads, String kvHeads, String headDim,
            String intermediate, String positions) {
        static Keys of(ModelFamily family) {
            return switch (family) {
                case GPT2 -> new Keys("vocab_size", "n_embd", "n_layer", "n_head", "n_head", "n_embd / n_head",
                        "n_inner", "n_positions");
                case NEOX -> new Keys("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                        "num_attention_heads", "hidden_size / num_attention_heads", "intermediate_size",
                        "max_position_embeddings");
                default -> new Keys("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                        "num_key_value_heads", "head_dim", "intermediate_size", "max_position_embeddings");
            };
        }
    }

    static void checkBounds(ModelConfig c, Path file) throws ModelFormatException {
        Keys k = Keys.of(c.family());
        atMost(file, k.vocab(), c.vocabSize(), MAX_VOCAB);
        atMost(file, k.hidden(), c.hidden(), MAX_HIDDEN);
        atMost(file, k.layers(), c.layers(), MAX_LAYERS);
        atMost(file, k.heads(), c.heads(), MAX_HEADS);
        atMost(file, k.kvHeads(), c.kvHeads(), c.heads());
        atMost(file, k.headDim(), c.headDim(), MAX_HEAD_DIM);
        atMost(file, k.intermediate(), c.intermediate(), MAX_INTERMEDIATE);
        atMost(file, k.positions(), c.maxPositions(), MAX_POSITIONS);
    }

    private static void atMost(Path file, String key, int value, int bound) throws ModelFormatException {
        if (value > bound) {
            throw new ModelFormatException(file, key + " = " + value + " is above " + bound
                    + ", more than any real checkpoint has: config.json is corrupt or hostile");
        }
    }

    /**
     * Checks the layer count and every size a tensor shows against {@code shapes} (from the safetensors headers of
     * {@code weights}); tensors that are absent are left for the loader to name.
     */
    static void checkAgainstWeights(ModelConfig c, Path configFile, Path weights, Map<String, long[]> shapes)
            throws ModelFormatException {
        Keys k = Keys.of(c.family());
        Check check = new Check(configFile, weights, shapes);
        check.layers(k.layers(), c.layers(), c.family());
        long d = c.hidden();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        switch (c.family()) {
            case GPT2 -> {
                String prefix = shapes.containsKey("wte.weight") ? "" : "transformer.";
                check.dim(prefix + "wte.weight", 0, k.vocab(), c.vocabSize());
                check.dim(prefix + "wte.weight", 1, k.hidden(), d);
                check.dim(prefix + "wpe.weight", 0, k.positions(), c.maxPositions());
                check.dim(prefix + "h.0.mlp.c_fc.weight", 1, k.intermediate(), c.intermediate());
            }
            case NEOX -> {
                check.dim("gpt_neox.embed_in.weight", 0, k.vocab(), c.vocabSize());
                check.dim("gpt_neox.embed_in.weight", 1, k.hidden(), d);
                check.dim("gpt_neox.layers.0.mlp.dense_h_to_4h.weight", 0, k.intermediate(), c.intermediate());
            }
            default -> {
                check.dim("model.embed_tokens.weight", 0, k.vocab(), c.vocabSize());
                check.dim("model.embed_tokens.weight", 1, k.hidden(), d);
                check.dim("model.layers.0.self_attn.q_proj.weight", 0, k.heads() + " x " + k.headDim(), q);
                check.dim("model.layers.0.self_attn.k_proj.weight", 0, k.kvHeads() + " x " + k.headDim(), kv);
                check.dim("model.layers.0.mlp.gate_proj.weight", 0, k.intermediate(), c.intermediate());
            }
        }
    }

    private static final Pattern GPT2_LAYER = Pattern.compile("^(?:transformer\\.)?h\\.(\\d+)\\.");
    private static final Pattern NEOX_LAYER = Pattern.compile("^gpt_neox\\.layers\\.(\\d+)\\.");
    private static final Pattern LLAMA_LAYER = Pattern.compile("^model\\.layers\\.(\\d+)\\.");

    private record Check(Path configFile, Path weights, Map<String, long[]> shapes) {
        void layers(String key, int layers, ModelFamily family) throws ModelFormatException {
            Pattern p = family == ModelFamily.GPT2 ? GPT2_LAYER : family == ModelFamily.NEOX ? NEOX_LAYER : LLAMA_LAYER;
            TreeSet<Long> found = new TreeSet<>();
            for (String name : shapes.keySet()) {
                Matcher m = p.matcher(name);
                if (m.find() && m.group(1).length() < 10) found.add(Long.parseLong(m.group(1)));
            }
            if (found.size() != layers) {
                throw new ModelFormatException(configFile, key + " = " + layers + " but " + weights.getFileName()
                        + " holds " + found.size() + " layer" + (found.size() == 1 ? "" : "s")
                        + (found.isEmpty() ? "" : " (numbered " + found.first() + " to " + found.last() + ")"));
            }
        }

        void dim(String tensor, int axis, String key, long expected) throws ModelFormatException {
            long[] shape = shapes.get(tensor);
            if (shape == null || shape.length <= axis || shape[axis] == expected) return;
            throw new ModelFormatException(configFile, key + " = " + expected + " but " + weights.getFileName()
                    + " has " + tensor + " of shape " + java.util.Arrays.toString(shape) + " (" + shape[axis]
                    + " on axis " + axis + ")");
        }
    }
}
