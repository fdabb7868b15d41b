package org.preflab.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Hugging Face tensor names and shapes of a model, in the layouts the checkpoints store them: GPT-2's Conv1D
 * weights are [in, out], Llama's nn.Linear weights [out, in]. The model computes in these layouts directly, so a
 * saved folder is the loaded one, bit for bit.
 */
public final class ParameterLayout {
    private ParameterLayout() {}

    /** Every trainable tensor of the model in a stable order, with its shape. */
    public static LinkedHashMap<String, long[]> of(ModelConfig c) {
        LinkedHashMap<String, long[]> m = new LinkedHashMap<>();
        long d = c.hidden();
        long inner = c.intermediate();
        if (c.family() == ModelFamily.GPT2) {
            m.put("transformer.wte.weight", new long[] {c.vocabSize(), d});
            m.put("transformer.wpe.weight", new long[] {c.maxPositions(), d});
            for (int i = 0; i < c.layers(); i++) {
                String p = "transformer.h." + i + ".";
                m.put(p + "ln_1.weight", new long[] {d});
                m.put(p + "ln_1.bias", new long[] {d});
                m.put(p + "attn.c_attn.weight", new long[] {d, 3 * d});
                m.put(p + "attn.c_attn.bias", new long[] {3 * d});
                m.put(p + "attn.c_proj.weight", new long[] {d, d});
                m.put(p + "attn.c_proj.bias", new long[] {d});
                m.put(p + "ln_2.weight", new long[] {d});
                m.put(p + "ln_2.bias", new long[] {d});
                m.put(p + "mlp.c_fc.weight", new long[] {d, inner});
                m.put(p + "mlp.c_fc.bias", new long[] {inner});
                m.put(p + "mlp.c_proj.weight", new long[] {inner, d});
                m.put(p + "mlp.c_proj.bias", new long[] {d});
            }
            m.put("transformer.ln_f.weight", new long[] {d});
            m.put("transformer.ln_f.bias", new long[] {d});
        } else if (c.family() == ModelFamily.NEOX) {
            m.put("gpt_neox.embed_in.weight", new long[] {c.vocabSize(), d});
            for (int i = 0; i < c.layers(); i++) {
                String p = "gpt_neox.layers." + i + ".";
                m.put(p + "input_layernorm.weight", new long[] {d});
                m.put(p + "input_layernorm.bias", new long[] {d});
                m.put(p + "post_attention_layernorm.weight", new long[] {d});
                m.put(p + "post_attention_layernorm.bias", new long[] {d});
                m.put(p + "attention.query_key_value.weight", new long[] {3 * d, d}); // per head: q | k | v rows
                m.put(p + "attention.query_key_value.bias", new long[] {3 * d});
                m.put(p + "attention.dense.weight", new long[] {d, d});
                m.put(p + "attention.dense.bias", new long[] {d});
                m.put(p + "mlp.dense_h_to_4h.weight", new long[] {inner, d});
                m.put(p + "mlp.dense_h_to_4h.bias", new long[] {inner});
                m.put(p + "mlp.dense_4h_to_h.weight", new long[] {d, inner});
                m.put(p + "mlp.dense_4h_to_h.bias", new long[] {d});
            }
            m.put("gpt_neox.final_layer_norm.weight", new long[] {d});
            m.put("gpt_neox.final_layer_norm.bias", new long[] {d});
            if (!c.tiedHead()) {
                m.put("embed_out.weight", new long[] {c.vocabSize(), d});
            }
        } else {
            long q = (long) c.heads() * c.headDim();
            long kv = (long) c.kvHeads() * c.headDim();
            m.put("model.embed_tokens.weight", new long[] {c.vocabSize(), d});
            for (int i = 0; i < c.layers(); i++) {
                String p = "model.layers." + i + ".";
                m.put(p + "input_layernorm.weight", new long[] {d});
                m.put(p + "self_attn.q_proj.weight", new long[] {q, d});
                m.put(p + "self_attn.k_proj.weight", new long[] {kv, d});
                m.put(p + "self_attn.v_proj.weight", new long[] {kv, d});
                m.put(p + "self_attn.o_proj.weight", new long[] {d, q});
                if (c.qkvBias()) {
                    m.put(p + "self_attn.q_proj.bias", new long[] {q});
                    m.put(p + "self_attn.k_proj.bias", new long[] {kv});
                    m.put(p + "self_attn.v_proj.bias", new long[] {kv});
                }
                if (c.outBias()) {
                    m.put(p + "self_attn.o_proj.bias", new long[] {d});
                }
                m.put(p + "post_attention_layernorm.weight", new long[] {d});
                m.put(p + "mlp.gate_proj.weight", new long[] {inner, d});
                m.put(p + "mlp.up_proj.weight", new long[] {inner, d});
                m.put(p + "mlp.down_proj.weight", new long[] {d, inner});
            }
            m.put("model.norm.weight", new long[] {d});
            if (!c.tiedHead()) {
                m.put("lm_head.weight", new long[] {c.vocabSize(), d});
            }
        }
        return m;
    }

    /**
     * The name a checkpoint tensor has in PrefLab's layout, or null for tensors that carry no parameters (GPT-2's
     * attention-mask buffers, a tied head stored anyway). Some GPT-2 checkpoints omit the "transformer." prefix.
     */
    public static String canonicalName(ModelConfig c, String name, Map<String, long[]> layout) {
        if (layout.containsKey(name)) {
            return name;
        }
        if (c.family() == ModelFamily.GPT2) {
            if (name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias") || name.equals("lm_head.weight")) {
                return null;
            }
            if (layout.containsKey("transformer." + name)) {
                return "transformer." + name;
            }
        } else if (c.family() == ModelFamily.NEOX) {
            if (name.endsWith(".attention.bias") || name.endsWith(".attention.masked_bias")
                    || name.endsWith("rotary_emb.inv_freq") || (c.tiedHead() && name.equals("embed_out.weight"))) {
                return null;
            }
        } else {
            if (name.endsWith("rotary_emb.inv_freq") || (c.tiedHead() && name.equals("lm_head.weight"))) {
                return null;
            }
        }
        return name;
    }

    /** Whether a tensor is a norm gain (initialised to one) rather than a weight matrix or bias. */
    static boolean isNormWeight(String name) {
        return name.contains("ln_") || name.contains("layernorm") || name.endsWith("norm.weight");
    }
}
