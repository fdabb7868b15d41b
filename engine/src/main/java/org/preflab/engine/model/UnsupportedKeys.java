package org.preflab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * config.json keys that change what a model computes in transformers and that PrefLab does not compute: each is a
 * named error when set to anything but its neutral value, so that a checkpoint of a related architecture is
 * refused instead of run wrongly. Keys that do not change the computation (metadata, dtype, dropout, which TRL
 * turns off anyway) are not listed; neither are the keys ModelConfig reads and checks itself.
 */
final class UnsupportedKeys {
    private UnsupportedKeys() {}

    private static boolean neutralFalse(JsonNode n) {
        return n.isNull() || (n.isBoolean() && !n.booleanValue());
    }

    private static boolean neutralOne(JsonNode n) {
        return n.isNull() || (n.isNumber() && n.doubleValue() == 1.0);
    }

    private static boolean neutralEmpty(JsonNode n) {
        return n.isNull() || ((n.isArray() || n.isObject()) && n.isEmpty()) || (n.isNumber() && n.doubleValue() == 0);
    }

    /** Every layer attends to the whole sequence: transformers 5 lists layer_types even then. */
    private static boolean allFullAttention(JsonNode n) {
        if (n.isNull()) return true;
        if (!n.isArray()) return false;
        for (JsonNode t : n) {
            if (!"full_attention".equals(t.asText())) return false;
        }
        return true;
    }

    /** Key -> its neutral values, for the Llama family and GPT-NeoX (Gemma, Granite, Cohere, OLMo, Llama 4 ...). */
    private static final Map<String, Predicate<JsonNode>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("attn_logit_softcapping", UnsupportedKeys::neutralEmpty);
        KEYS.put("final_logit_softcapping", UnsupportedKeys::neutralEmpty);
        KEYS.put("query_pre_attn_scalar", UnsupportedKeys::neutralEmpty);
        KEYS.put("logit_scale", UnsupportedKeys::neutralOne);
        KEYS.put("logits_scaling", UnsupportedKeys::neutralOne);
        KEYS.put("embedding_multiplier", UnsupportedKeys::neutralOne);
        KEYS.put("residual_multiplier", UnsupportedKeys::neutralOne);
        KEYS.put("attention_multiplier", UnsupportedKeys::neutralEmpty);
        KEYS.put("use_qk_norm", UnsupportedKeys::neutralFalse);
        KEYS.put("qk_layernorm", UnsupportedKeys::neutralFalse);
        KEYS.put("clip_qkv", UnsupportedKeys::neutralEmpty);
        KEYS.put("no_rope_layers", UnsupportedKeys::neutralEmpty);
        KEYS.put("no_rope_layer_interval", UnsupportedKeys::neutralEmpty);
        KEYS.put("attention_chunk_size", UnsupportedKeys::neutralEmpty);
        KEYS.put("num_experts", UnsupportedKeys::neutralEmpty);
        KEYS.put("num_local_experts", UnsupportedKeys::neutralEmpty);
        KEYS.put("layer_types", UnsupportedKeys::allFullAttention);
        KEYS.put("rope_interleaved", UnsupportedKeys::neutralFalse);
    }

    static void check(Path file, JsonNode root, String modelType) throws ModelFormatException {
        for (var e : KEYS.entrySet()) {
            JsonNode value = root.get(e.getKey());
            if (value != null && !e.getValue().test(value)) {
                throw new ModelFormatException(file, e.getKey() + " = " + value + " changes what a " + modelType
                        + " model computes, and PrefLab does not compute it");
            }
        }
        if (!modelType.equals("gpt_neox")) {
            JsonNode share = root.get("partial_rotary_factor");
            if (share != null && !neutralOne(share)) {
                throw new ModelFormatException(file, "partial_rotary_factor = " + share + " is not supported for "
                        + modelType + " (RoPE over all of head_dim only)");
            }
        }
    }
}
