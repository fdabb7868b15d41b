package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.preflab.engine.runtime.SmallMatmul;

/**
 * A sampled token's pass through every block in one native call ({@link SmallMatmul#decodeLayers}), for the GPT-2
 * and Llama families (Llama, Qwen2) while a forward decodes through the small products. Written with DJL's ops, a
 * block is 15-20 native calls, each with its Java objects and a libtorch dispatch: sampling the bench shape (4 layers
 * of 256), perf put three quarters of the engine thread there and a quarter in the products; and a fresh JVM runs
 * that Java interpreted, then half-compiled, through most of a command's tokens.
 *
 * <p>The same functions as {@link TransformerLM}'s blocks; {@code DecodeLayersTest} holds the two against each
 * other and against libtorch. Each layer's weight addresses are taken when first needed and again whenever a
 * parameter's handle is not the one they were taken from ({@link TransformerLM#dropGradients} swaps handles over the
 * same memory; training updates the memory in place, which the addresses see). This relies on two things that hold
 * for every path that loads or changes weights today: parameters are contiguous (read into fresh arrays, or packed by
 * concatenation), and none is replaced through {@code NDArray.set}, which keeps the handle but swaps the memory.
 */
final class DecodeLayers {
    private static final String[] GPT2_SLOTS = {"ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
        "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
        "mlp.c_proj.weight", "mlp.c_proj.bias"};
    /** null: packed (q|k|v, their biases, gate|up) or absent (a second bias of RMSNorm, of the MLP). */
    private static final String[] LLAMA_SLOTS = {"input_layernorm.weight", null, null, null, "self_attn.o_proj.weight",
        "self_attn.o_proj.bias", "post_attention_layernorm.weight", null, null, null, "mlp.down_proj.weight", null};

    private final ModelConfig cfg;
    private final Map<String, NDArray> params;
    private final PackedProjections packed;
    private final String[] names; // layer by slot, null where the array is packed or absent
    private final int[] shape;
    private NDArray[] taken; // the arrays behind `weights`
    private long[] weights;

    private DecodeLayers(ModelConfig cfg, Map<String, NDArray> params, PackedProjections packed) {
        this.cfg = cfg;
        this.params = params;
        this.packed = packed;
        boolean gpt2 = cfg.family() == ModelFamily.GPT2;
        String[] slots = gpt2 ? GPT2_SLOTS : LLAMA_SLOTS;
        names = new String[cfg.layers() * SmallMatmul.LAYER_SLOTS];
        for (int i = 0; i < cfg.layers(); i++) {
            String prefix = (gpt2 ? "transformer.h." : "model.layers.") + i + ".";
            for (int s = 0; s < slots.length; s++) {
                names[i * slots.length + s] = slots[s] == null ? null : prefix + slots[s];
            }
        }
        shape = new int[] {cfg.layers(), cfg.heads(), cfg.kvHeads(), cfg.headDim(), cfg.intermediate()};
    }

    /**
     * For a GPT-2 or Llama-family model whose RoPE turns whole heads; null for the others (GPT-NeoX: its
     * interleaved q|k|v, partial rotary and parallel residual stay with the ops).
     */
    static DecodeLayers of(ModelConfig cfg, Map<String, NDArray> params, PackedProjections packed) {
        boolean suits = cfg.family() == ModelFamily.GPT2
                || cfg.family() == ModelFamily.LLAMA && packed != null && cfg.rotaryDims() == cfg.headDim();
        return suits ? new DecodeLayers(cfg, params, packed) : null;
    }

    /**
     * One new token per row, h (B, 1, D), through every block: the hidden states after the last, before the final
     * norm. Writes this token's keys and values into {@code cache} (not advanced here).
     *
     * @param bias additive attention bias (B|1, 1, 1, past + 1)
     * @param cos this token's rotary cos and {@code sin}, (B|1, 1, 1, hd); null for GPT-2
     */
    NDArray run(NDArray h, NDArray bias, KvCache cache, NDArray cos, NDArray sin) {
        long end = cache.length() + 1;
        long[] caches = cache.reserve(new Shape(h.getShape().get(0), cfg.kvHeads(), 1, cfg.headDim()),
                DataType.FLOAT32, end);
        return SmallMatmul.decodeLayers(
                cfg.family() == ModelFamily.GPT2 ? SmallMatmul.GPT2_LAYERS : SmallMatmul.LLAMA_LAYERS, weights(),
                caches, shape, cfg.normEps(), h, bias, end, cache.capacity(), cos, sin, 1.0 / Math.sqrt(cfg.headDim()));
    }

    /** The weight addresses, taken again when any array behind them changed. */
    private synchronized long[] weights() {
        NDArray[] now = arrays();
        boolean same = taken != null;
        for (int j = 0; same && j < now.length; j++) {
            same = now[j] == taken[j];
        }
        if (!same) {
            long[] addresses = new long[now.length];
            for (int j = 0; j < now.length; j++) {
                if (now[j] != null && now[j].getDataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException("decoding layers need float32 weights, not "
                            + now[j].getDataType() + " (" + now[j].getName() + ")");
                }
                addresses[j] = now[j] == null ? 0 : SmallMatmul.address(now[j]);
            }
            taken = now;
            weights = addresses;
        }
        return weights;
    }

    /** Every layer's weights in {@link SmallMatmul#decodeLayers}' slot order, null where the model has none. */
    private NDArray[] arrays() {
        NDArray[] out = new NDArray[names.length];
        int slots = SmallMatmul.LAYER_SLOTS;
        for (int j = 0; j < names.length; j++) {
            out[j] = names[j] == null ? null : params.get(names[j]);
        }
        if (packed != null) {
            for (int i = 0; i < cfg.layers(); i++) {
                out[i * slots + 2] = packed.qkvWeights(i);
                out[i * slots + 3] = packed.qkvBiases(i);
                out[i * slots + 8] = packed.gateUpWeights(i);
            }
        }
        return out;
    }
}
