package org.preflab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of a decoder-only LM, read from a Hugging Face config.json. Both families map onto one set of
 * fields; {@link #validate()} rejects values the model cannot run with and quotes them.
 *
 * @param family GPT2 or LLAMA
 * @param vocabSize rows of the token embedding
 * @param hidden model width (n_embd / hidden_size)
 * @param layers transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads (== heads for GPT-2; fewer for grouped-query attention)
 * @param headDim features per head
 * @param intermediate MLP width (GPT-2: n_inner or 4*hidden)
 * @param maxPositions longest sequence (n_positions / max_position_embeddings)
 * @param normEps LayerNorm or RMSNorm epsilon
 * @param rope RoPE base and scaling (Llama and NeoX; GPT-2 has none)
 * @param tiedHead whether the output matrix is the token embedding
 * @param qkvBias Llama family: q/k/v projections have biases (Qwen2, or attention_bias)
 * @param outBias Llama family: the attention output projection has a bias (attention_bias)
 * @param rotaryDims features per head that RoPE rotates (the first ones; all for Llama, a fraction for NeoX)
 * @param parallelResidual NeoX: h + attn(LN1(h)) + mlp(LN2(h)) instead of two sequential residuals
 * @param bosTokenId BOS id from config.json, or -1
 * @param eosTokenId first EOS id from config.json, or -1
 * @param raw the config.json as read, written back unchanged on save
 */
public record ModelConfig(
        ModelFamily family,
        int vocabSize,
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int intermediate,
        int maxPositions,
        double normEps,
        Rope rope,
        boolean tiedHead,
        boolean qkvBias,
        boolean outBias,
        int rotaryDims,
        boolean parallelResidual,
        long bosTokenId,
        long eosTokenId,
        Map<String, Object> raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The RoPE base; 0 for GPT-2, which has no rotary embedding. */
    public double ropeTheta() {
        return rope == null ? 0 : rope.theta();
    }

    public ModelConfig {
        raw = raw == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(raw)); // values may be null
    }

    /** Reads and validates {@code dir/config.json}; every error names the file and the field. */
    public static ModelConfig load(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "no config.json in " + dir);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelFormatException(file, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        return fromJson(file, root);
    }

    @SuppressWarnings("unchecked")
    static ModelConfig fromJson(Path file, JsonNode root) throws ModelFormatException {
        ConfigReader r = new ConfigReader(file, root);
        String type = r.string("model_type");
        Map<String, Object> raw = JSON.convertValue(root, LinkedHashMap.class);
        ModelConfig c;
        switch (type) {
            case "gpt2": {
                int hidden = r.integer("n_embd");
                int heads = r.integer("n_head");
                String act = r.optString("activation_function", "gelu_new");
                if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
                    throw new ModelFormatException(file, "activation_function '" + act
                            + "' is not supported (PrefLab's GPT-2 uses the tanh GELU, gelu_new)");
                }
                if (r.optBool("scale_attn_by_inverse_layer_idx", false) || r.optBool("reorder_and_upcast_attn", false)) {
                    throw new ModelFormatException(file, "scale_attn_by_inverse_layer_idx / reorder_and_upcast_attn"
                            + " = true are not supported");
                }
                int inner = r.optInt("n_inner", 4 * hidden);
                c = new ModelConfig(ModelFamily.GPT2, r.integer("vocab_size"), hidden, r.integer("n_layer"), heads,
                        heads, heads == 0 ? 0 : hidden / heads, inner, r.integer("n_positions"),
                        r.optDouble("layer_norm_epsilon", 1e-5), null, r.optBool("tie_word_embeddings", true), false,
                        false, 0, false, r.optTokenId("bos_token_id"), r.optTokenId("eos_token_id"), raw);
                break;
            }
            case "llama":
            case "mistral":
            case "qwen2": {
                // Qwen2 always has q/k/v biases and no output bias; Llama's attention_bias puts biases on all four.
                boolean attentionBias = r.optBool("attention_bias", false);
                boolean qkvBias = type.equals("qwen2") || attentionBias;
                if (r.optBool("mlp_bias", false)) {
                    throw new ModelFormatException(file, "mlp_bias = true is not supported");
                }
                if (r.optBool("use_sliding_window", false)) {
                    throw new ModelFormatException(file, "use_sliding_window = true is not supported");
                }
                Rope rope = Rope.read(file, root, 10000.0, Set.of());
                UnsupportedKeys.check(file, root, type);
                String act = r.optString("hidden_act", "silu");
                if (!act.equals("silu")) {
                    throw new ModelFormatException(file, "hidden_act '" + act + "' is not supported (only silu)");
                }
                int hidden = r.integer("hidden_size");
                int heads = r.integer("num_attention_heads");
                int headDim = r.optInt("head_dim", heads == 0 ? 0 : hidden / heads);
                c = new ModelConfig(ModelFamily.LLAMA, r.integer("vocab_size"), hidden,
                        r.integer("num_hidden_layers"), heads, r.optInt("num_key_value_heads", heads), headDim,
                        r.integer("intermediate_size"), r.integer("max_position_embeddings"),
                        r.optDouble("rms_norm_eps", 1e-6), rope,
                        r.optBool("tie_word_embeddings", false), qkvBias, attentionBias, headDim, false,
                        r.optTokenId("bos_token_id"), r.optTokenId("eos_token_id"), raw);
                break;
            }
            case "gpt_neox": {
                String act = r.optString("hidden_act", "gelu");
                if (!act.equals("gelu")) {
                    throw new ModelFormatException(file, "hidden_act '" + act + "' is not supported for gpt_neox (only gelu)");
                }
                // transformers 5 keeps the base and the rotary share in rope_parameters; earlier versions in
                // rotary_emb_base (or rope_theta) and rotary_pct.
                Rope rope = Rope.read(file, root, r.optDouble("rotary_emb_base", 10000.0),
                        Set.of("partial_rotary_factor"));
                UnsupportedKeys.check(file, root, type);
                if (!r.optBool("attention_bias", true)) {
                    throw new ModelFormatException(file, "attention_bias = false is not supported for gpt_neox");
                }
                int hidden = r.integer("hidden_size");
                int heads = r.integer("num_attention_heads");
                int headDim = heads == 0 ? 0 : hidden / heads;
                JsonNode share = root.path("rope_parameters").get("partial_rotary_factor");
                double pct = share != null && share.isNumber() ? share.doubleValue()
                        : r.optDouble("partial_rotary_factor", r.optDouble("rotary_pct", 1.0));
                int rotary = (int) (headDim * pct);
                c = new ModelConfig(ModelFamily.NEOX, r.integer("vocab_size"), hidden, r.integer("num_hidden_layers"),
                        heads, heads, headDim, r.integer("intermediate_size"), r.integer("max_position_embeddings"),
                        r.optDouble("layer_norm_eps", 1e-5), rope, r.optBool("tie_word_embeddings", false), true, true,
                        rotary, r.optBool("use_parallel_residual", true), r.optTokenId("bos_token_id"),
                        r.optTokenId("eos_token_id"), raw);
                break;
            }
            default:
                throw new ModelFormatException(file, "unknown model_type '" + type
                        + "' (PrefLab loads gpt2, gpt_neox and llama-family checkpoints)");
        }
        c.validate(file);
        return c;
    }

    /** Checks the numbers fit together; the message quotes the offending values. */
    public void validate(Path file) throws ModelFormatException {
        positive(file, "vocab_size", vocabSize);
        positive(file, "hidden size", hidden);
        positive(file, "number of layers", layers);
        positive(file, "number of heads", heads);
        positive(file, "number of key/value heads", kvHeads);
        positive(file, "intermediate size", intermediate);
        positive(file, "max positions", maxPositions);
        ConfigSizes.checkBounds(this, file);
        if (heads % kvHeads != 0) {
            throw new ModelFormatException(file, "num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (family == ModelFamily.GPT2 && hidden % heads != 0) {
            throw new ModelFormatException(file, "n_embd " + hidden + " is not divisible by n_head " + heads);
        }
        if (family != ModelFamily.GPT2 && (rotaryDims < 2 || rotaryDims % 2 != 0 || rotaryDims > headDim)) {
            throw new ModelFormatException(file, "rotary dimensions " + rotaryDims + " (of head_dim " + headDim
                    + ") must be even, at least 2 and at most head_dim");
        }
        if (family == ModelFamily.NEOX && hidden % heads != 0) {
            throw new ModelFormatException(file, "hidden_size " + hidden + " is not divisible by num_attention_heads "
                    + heads);
        }
        if (!(normEps > 0)) {
            throw new ModelFormatException(file, "norm epsilon " + normEps + " must be > 0");
        }
    }

    private static void positive(Path file, String what, int v) throws ModelFormatException {
        if (v <= 0) {
            throw new ModelFormatException(file, what + " " + v + " must be > 0");
        }
    }

    /** Number of trainable parameters, counted from the shapes. */
    public long parameterCount() {
        long d = hidden;
        long perLayer;
        long rest;
        if (family == ModelFamily.GPT2) {
            perLayer = 4 * d + d * 3 * d + 3 * d + d * d + d + d * intermediate + intermediate + intermediate * d + d;
            rest = (long) vocabSize * d + (long) maxPositions * d + 2 * d;
        } else if (family == ModelFamily.NEOX) {
            perLayer = 4 * d + 3 * d * d + 3 * d + d * d + d + 2 * d * intermediate + intermediate + d;
            rest = (long) vocabSize * d * (tiedHead ? 1 : 2) + 2 * d;
        } else {
            long q = (long) heads * headDim;
            long kv = (long) kvHeads * headDim;
            perLayer = 2 * d + d * q + 2 * d * kv + q * d + 3 * d * intermediate
                    + (qkvBias ? q + 2 * kv : 0) + (outBias ? d : 0);
            rest = (long) vocabSize * d + d + (tiedHead ? 0 : (long) vocabSize * d);
        }
        return perLayer * layers + rest;
    }
}
