package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.preflab.engine.runtime.FusedOps;
import org.preflab.engine.runtime.SmallMatmul;
import org.preflab.engine.runtime.ThreadGovernor;
import org.preflab.engine.runtime.ThreadWait;
import org.preflab.engine.tensor.Scalars;

/**
 * A decoder-only causal LM of the GPT-2, GPT-NeoX (Pythia) or Llama family, written out in reading order like nanoGPT's model.py:
 * embeddings, then per block attention and MLP with pre-norm residuals, then the final norm and the LM head.
 *
 * <p>Weights live in the model's own manager under their Hugging Face names and layouts ({@link ParameterLayout}).
 * Every op is written with an activation as first operand, because DJL puts a result in the first operand's
 * manager: an op that starts from a weight would land in the model's manager and leak a little every step.
 */
public final class TransformerLM implements AutoCloseable {
    /** Added to the scores of masked keys; finite so that a row with every key masked stays finite. */
    public static final float MASKED = -1e9f;

    /** 2u = GELU_LINEAR x + GELU_CUBE x^3 in {@link #geluTanh}. */
    private static final double GELU_LINEAR = 2 * Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBE = 0.044715 * GELU_LINEAR;

    private final ModelConfig cfg;
    private final NDManager manager;
    private final LinkedHashMap<String, NDArray> params;
    /**
     * RoPE families: cos/sin of the positions used so far and the matrix R with x·R = rotate_half(x). Built on
     * demand and grown by doubling, never sized by max_position_embeddings up front (a config may say 1e8: the
     * tables alone would need tens of gigabytes). Older tables stay in the model's manager, so a forward on
     * another thread that still holds them is safe.
     */
    private NDArray ropeCos;
    private NDArray ropeSin;
    private NDArray rotateHalf;
    private int ropePositions;
    /** libtorch's silu, tanh GELU, attention and RMSNorm kernels ({@link FusedOps}); else DJL's ops, same functions. */
    private boolean fused = FusedOps.available();
    /**
     * Llama family: each layer's q|k|v and gate|up weights in one buffer each, the named parameters being views of
     * them; null for the other families. Used by decoding (a forward with a KV cache and no gradients) only: the packed
     * products round differently from the named ones, and a scoring forward (reference log-probs, evaluation) must
     * give the numbers training's forward gives, or a run's first step shows rewards of rounding noise, not zero.
     * Through MKL, only while libgomp's waiting threads sleep ({@link ThreadWait#sleeps}): 4 products a layer instead
     * of 7 are fewer wake-ups, but with spinning threads, or one thread, MKL multiplies the separate weights faster
     * (through {@link SmallMatmul}, always: one pass over a buffer costs what the three passes cost). llama-135m,
     * 8 rows sampled (GenTime.java, 2 threads, alternated): sleeping, packed 100-104 new tokens/s against 95-96;
     * spinning 10,000 rounds (PREFLAB_CPU=adaptive) 128-133 against 143-144; one thread 80-82 against 83-85.
     */
    private final PackedProjections packed;
    private boolean usePacked;
    /**
     * Decoding multiplies through {@link SmallMatmul} (a sampled token per prompt: few rows, read the weight once)
     * and, for the Llama family, through the packed buffers whatever the threads do. On when the library loaded
     * on the CPU (the default; {@code PREFLAB_SMALL_MATMUL=0} turns it off).
     */
    private boolean smallProducts;
    /**
     * A sampled token through every block in one native call while decoding goes through the small products ({@link
     * DecodeLayers}; GPT-2 and Llama families): null for GPT-NeoX.
     */
    private final DecodeLayers decodeLayers;
    private boolean layersInOneCall = true;

    /**
     * Takes ownership of {@code manager}, which must hold {@code params} (names and shapes as the layout says). An
     * array DJL made from Java data (NDManager.create of an array or buffer) lives in that Java buffer, not in memory
     * libtorch owns, so each is replaced by a libtorch copy here: {@link #dropGradients()} swaps handles on the same
     * memory, which must not go away with the old handle.
     */
    public TransformerLM(ModelConfig cfg, NDManager manager, LinkedHashMap<String, NDArray> params) {
        this(cfg, manager, ownedCopies(params), null);
    }

    /**
     * For loaders that allocate every parameter in libtorch ({@link ModelIO}, {@link ModelFactory}): no copies. A
     * Llama-family loader may pass the packed buffers it read the weights into ({@link PackedProjections#allocate}),
     * their views already in {@code params}; null packs them here.
     */
    TransformerLM(ModelConfig cfg, NDManager manager, LinkedHashMap<String, NDArray> params, PackedProjections packed) {
        this.cfg = cfg;
        this.manager = manager;
        this.params = params;
        Map<String, long[]> layout = ParameterLayout.of(cfg);
        for (var e : layout.entrySet()) {
            NDArray p = params.get(e.getKey());
            if (p == null || !p.getShape().equals(new Shape(e.getValue()))) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is "
                        + (p == null ? "missing" : p.getShape()) + ", expected " + new Shape(e.getValue()));
            }
        }
        this.packed = cfg.family() != ModelFamily.LLAMA ? null
                : packed != null ? packed : PackedProjections.pack(cfg, params);
        this.usePacked = this.packed != null && ThreadWait.sleepsNow();
        this.decodeLayers = DecodeLayers.of(cfg, params, this.packed);
        useSmallProducts(true);
    }

    private static LinkedHashMap<String, NDArray> ownedCopies(LinkedHashMap<String, NDArray> params) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            NDArray p = e.getValue();
            NDArray copy = p.duplicate(); // a libtorch clone, in p's manager
            copy.setName(p.getName());
            out.put(e.getKey(), copy);
            p.close();
        }
        return out;
    }

    /** Rotary tables covering positions {@code 0 .. needed-1} (at most max_position_embeddings). */
    private synchronized NDArray[] rotary(long needed) {
        if (needed > ropePositions && ropePositions < cfg.maxPositions()) {
            long size = Math.max(needed, Math.max(256, 2L * ropePositions));
            ropePositions = (int) Math.min(size, cfg.maxPositions());
            NDArray[] tables = RotaryTables.build(manager, ropePositions, cfg.headDim(), cfg.rotaryDims(),
                    cfg.rope());
            ropeCos = tables[0];
            ropeSin = tables[1];
            rotateHalf = tables[2];
        }
        return new NDArray[] {ropeCos, ropeSin, rotateHalf};
    }

    /**
     * Computes with DJL's ops only ({@code false}) or with libtorch's fused kernels where they are loaded
     * ({@code true}, the default): for tests that hold the two against each other.
     */
    void useFusedOps(boolean on) {
        fused = on && FusedOps.available();
    }

    boolean usesFusedOps() {
        return fused;
    }

    /**
     * Decodes through the packed q|k|v and gate|up buffers ({@code true}, the default for the Llama family) or through
     * the named parameters, as training does: for tests that hold the two against each other.
     */
    void usePackedProjections(boolean on) {
        usePacked = on && packed != null;
    }

    boolean usesPackedProjections() {
        return usePacked;
    }

    /** Decodes through {@link SmallMatmul} ({@code true}, the default when it loaded) or libtorch's products. */
    void useSmallProducts(boolean on) {
        smallProducts = on && SmallMatmul.available() && !manager.getDevice().isGpu();
    }

    /** Decodes a sampled token in one native call where it can ({@code true}, the default) or block by block. */
    void useDecodeLayers(boolean on) {
        layersInOneCall = on;
    }

    boolean decodesInOneCall() {
        return layersInOneCall && decodeLayers != null && smallProducts;
    }

    /** The positions the tables hold now (0 for GPT-2, which has none): for tests of the lazy sizing. */
    synchronized int rotaryPositions() {
        return ropePositions;
    }

    public ModelConfig config() {
        return cfg;
    }

    /** The trainable tensors by Hugging Face name, in layout order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    /**
     * Frees every trainable parameter's gradient, as torch's {@code zero_grad(set_to_none=True)}: each parameter is
     * replaced by a fresh handle on the same memory, with no gradient and still requiring one, and the old handle,
     * which owned the gradient, is closed. Zeroed in place instead, the gradients (one model's size) stayed alive
     * through the next forward, on top of its activations: llama-135m's step peaked 0.4 GB higher (issue 16).
     * Callers must take parameters afresh from {@link #parameters()} afterwards.
     */
    public void dropGradients() {
        for (var e : params.entrySet()) {
            NDArray p = e.getValue();
            if (!p.hasGradient()) {
                continue;
            }
            NDArray fresh = p.stopGradient(); // a new tensor on the same storage, in the model's manager
            fresh.setName(p.getName());
            fresh.setRequiresGradient(true);
            e.setValue(fresh);
            p.close();
        }
    }

    public NDManager manager() {
        return manager;
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    /**
     * Runs the blocks over new tokens and returns the final-normed hidden states, (B, T, D).
     *
     * @param ids token ids (B, T), int64
     * @param positions position of each token (B, T) or (1, T), int64
     * @param attnBias additive attention bias (B or 1, 1, T, S) over the S = past + T keys (see {@link AttentionMask})
     * @param cache keys and values of earlier tokens, extended in place; null when there are none
     */
    public NDArray hidden(NDArray ids, NDArray positions, NDArray attnBias, KvCache cache) {
        ThreadGovernor.poll(); // each forward (step, scored batch, sampled token): threads for the cores free now
        boolean gpt2 = cfg.family() == ModelFamily.GPT2;
        boolean neox = cfg.family() == ModelFamily.NEOX;
        NDArray h = embed(ids, embeddingName());
        if (gpt2) {
            h = h.add(embed(positions, "transformer.wpe.weight")); // learned absolute positions
        }
        NDArray cos = null;
        NDArray sin = null;
        NDArray rotate = null;
        if (!gpt2) { // rotary tables for these positions, (B|1, 1, T, hd), shared by every layer
            // Callers number tokens from 0 after the cached ones, so positions stay below past + T.
            NDArray[] tables = rotary((cache == null ? 0 : cache.length()) + ids.getShape().get(1));
            cos = Embedding.embedding(positions, tables[0], SparseFormat.DENSE).head().expandDims(1);
            sin = Embedding.embedding(positions, tables[1], SparseFormat.DENSE).head().expandDims(1);
            rotate = tables[2];
        }
        boolean cachedNoGrad = cache != null && !JniUtils.isGradMode();
        boolean small = smallProducts && cachedNoGrad && SmallMatmul.suits(ids.getShape().size());
        // the packed products: see `packed` and `smallProducts`
        boolean decoding = packed != null && cachedNoGrad && (usePacked || small);
        Shared shared = new Shared(decoding, small, cos, sin, rotate,
                fused ? null : Scalars.of(h, 1.0 / Math.sqrt(cfg.headDim())),
                cfg.family() == ModelFamily.LLAMA && !fused ? Scalars.of(h, cfg.normEps()) : null,
                gpt2 && !fused ? Scalars.of(h, GELU_CUBE) : null, gpt2 && !fused ? Scalars.of(h, GELU_LINEAR) : null);
        NDManager outer = ids.getManager();
        boolean oneToken = ids.getShape().get(1) == 1;
        NDArray bias = Attention.bias(cfg, fused, attnBias, ids.getShape().get(1));
        if (oneToken && small && layersInOneCall && decodeLayers != null) { // a sampled token: every block in one call
            h = decodeLayers.run(h, bias, cache, cos, sin);
        } else {
            for (int i = 0; i < cfg.layers(); i++) {
                if (oneToken) { // a sampled token's temporaries are a few kilobytes: a scratch manager costs more
                    h = block(i, h, shared, bias, cache);
                    continue;
                }
                // Each block's temporaries go in a scratch manager closed right after it: what backward needs,
                // libtorch keeps by reference anyway; the rest (GELU and attention intermediates) is freed now.
                try (NDManager scratch = outer.newSubManager()) {
                    h.attach(scratch);
                    NDArray out = block(i, h, shared, bias, cache);
                    out.attach(outer);
                    h = out;
                }
            }
        }
        if (cache != null) {
            cache.advance(ids.getShape().get(1));
        }
        return gpt2 ? layerNorm(h, "transformer.ln_f")
                : neox ? layerNorm(h, "gpt_neox.final_layer_norm") : rmsNorm(h, "model.norm.weight", shared);
    }

    /**
     * What every block of one forward shares: whether it decodes through the packed buffers, the rotary tables at
     * these positions (null for GPT-2) and the constants the ops need (null where a fused kernel takes their place),
     * each a libtorch scalar made once per forward instead of once per layer (a scalar costs a native allocation and fill, about as much as the op that
     * uses it; decoding runs a forward per token).
     */
    private record Shared(boolean decoding, boolean small, NDArray cos, NDArray sin, NDArray rotate, NDArray attnScale,
            NDArray normEps, NDArray geluCube, NDArray geluLinear) {}

    private NDArray block(int i, NDArray h, Shared shared, NDArray bias, KvCache cache) {
        return switch (cfg.family()) {
            case GPT2 -> gpt2Block(i, h, shared, bias, cache);
            case NEOX -> neoxBlock(i, h, shared, bias, cache);
            case LLAMA -> llamaBlock(i, h, shared, bias, cache);
        };
    }

    /** Logits over the vocabulary for hidden states (B, T, D) -> (B, T, V). */
    public NDArray logits(NDArray hidden) {
        return Products.linear(hidden, p(headName()), null, false);
    }

    /**
     * Logits of a sampled step's last positions (B, 1, D) -> (B, 1, V): through {@link SmallMatmul} when it decodes
     * (few rows, no gradients), else as {@link #logits}.
     */
    public NDArray samplingLogits(NDArray hidden) {
        boolean small = smallProducts && !JniUtils.isGradMode()
                && SmallMatmul.suits(hidden.getShape().size() / hidden.getShape().tail());
        return Products.linear(hidden, p(headName()), null, small);
    }

    /** Logits of a right-padded or unpadded batch: positions 0..T-1, causal mask only. */
    public NDArray forward(NDArray ids) {
        NDManager m = ids.getManager();
        int t = (int) ids.getShape().get(1);
        NDArray positions = m.arange(0, t, 1, DataType.INT64).expandDims(0);
        return logits(hidden(ids, positions, AttentionMask.causal(m, t), null));
    }

    // ---- GPT-2 block: h += attn(LN1(h)); h += mlp(LN2(h)) ------------------------------------------------------

    private NDArray gpt2Block(int i, NDArray h, Shared shared, NDArray bias, KvCache cache) {
        String p = "transformer.h." + i + ".";
        NDArray a = layerNorm(h, p + "ln_1");
        NDList qkv = conv1d(a, p + "attn.c_attn", shared).split(3, 2); // q | k | v along features
        NDArray o = attention(i, heads(qkv.get(0), cfg.heads()), heads(qkv.get(1), cfg.heads()),
                heads(qkv.get(2), cfg.heads()), shared, bias, cache);
        h = h.add(conv1d(o, p + "attn.c_proj", shared));
        NDArray m = layerNorm(h, p + "ln_2");
        NDArray up = conv1d(m, p + "mlp.c_fc", shared);
        return h.add(conv1d(fused ? FusedOps.geluTanh(up) : geluTanh(up, shared), p + "mlp.c_proj", shared));
    }

    /** GPT-2's Conv1D: y = x W + b with W stored [in, out]. */
    private NDArray conv1d(NDArray x, String name, Shared shared) {
        return Products.conv1d(x, p(name + ".weight"), p(name + ".bias"), shared.small());
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(cfg.hidden()), p(name + ".weight"), p(name + ".bias"),
                (float) cfg.normEps()).head();
    }

    /**
     * gelu_new: 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3), the tanh approximation GPT-2 was trained
     * with, computed as x · sigmoid(2u) (the same function: 0.5 (1 + tanh u) = sigmoid(2u)) in six ops, no pow.
     */
    private static NDArray geluTanh(NDArray x, Shared shared) {
        NDArray twoU = x.square().mul(shared.geluCube()).add(shared.geluLinear()).mul(x);
        return x.mul(Activation.sigmoid(twoU));
    }

    // ---- GPT-NeoX block: h + attn(LN1(h)) + mlp(LN2(h)) (parallel), or the two in turn --------------------------

    private NDArray neoxBlock(int i, NDArray h, Shared shared, NDArray bias, KvCache cache) {
        String p = "gpt_neox.layers." + i + ".";
        NDArray a = layerNorm(h, p + "input_layernorm");
        Shape s = a.getShape();
        // the fused projection holds, per head, that head's q, k and v rows in turn
        NDList qkv = linear(a, p + "attention.query_key_value.weight", shared)
                .reshape(s.get(0), s.get(1), cfg.heads(), 3 * cfg.headDim()).split(3, 3);
        NDArray q = rope(qkv.get(0).transpose(0, 2, 1, 3), shared);
        NDArray k = rope(qkv.get(1).transpose(0, 2, 1, 3), shared);
        NDArray v = qkv.get(2).transpose(0, 2, 1, 3);
        NDArray attn = linear(attention(i, q, k, v, shared, bias, cache), p + "attention.dense.weight",
                shared);
        NDArray mlpIn = layerNorm(cfg.parallelResidual() ? h : h.add(attn), p + "post_attention_layernorm");
        NDArray mlp = linear(Activation.gelu(linear(mlpIn, p + "mlp.dense_h_to_4h.weight", shared)),
                p + "mlp.dense_4h_to_h.weight", shared);
        return h.add(attn).add(mlp);
    }

    // ---- Llama block: h += attn(RMS(h)); h += SwiGLU(RMS(h)) ---------------------------------------------------

    private NDArray llamaBlock(int i, NDArray h, Shared shared, NDArray bias, KvCache cache) {
        String p = "model.layers." + i + ".";
        NDArray a = rmsNorm(h, p + "input_layernorm.weight", shared);
        if (shared.decoding()) {
            return packedLlamaBlock(i, p, h, a, shared, bias, cache);
        }
        NDArray q = rope(heads(linear(a, p + "self_attn.q_proj.weight", shared), cfg.heads()), shared);
        NDArray k = rope(heads(linear(a, p + "self_attn.k_proj.weight", shared), cfg.kvHeads()), shared);
        NDArray v = heads(linear(a, p + "self_attn.v_proj.weight", shared), cfg.kvHeads());
        h = h.add(linear(attention(i, q, k, v, shared, bias, cache), p + "self_attn.o_proj.weight",
                shared));
        NDArray m = rmsNorm(h, p + "post_attention_layernorm.weight", shared);
        NDArray swiglu = swiGlu(linear(m, p + "mlp.gate_proj.weight", shared),
                linear(m, p + "mlp.up_proj.weight", shared));
        return h.add(linear(swiglu, p + "mlp.down_proj.weight", shared));
    }

    /** silu(gate) up. libtorch's silu keeps only gate for backward; gate sigmoid(gate) also kept sigmoid(gate). */
    private NDArray swiGlu(NDArray gate, NDArray up) {
        return (fused ? FusedOps.silu(gate) : gate.mul(Activation.sigmoid(gate))).mul(up);
    }

    /**
     * The Llama block with each layer's q|k|v and gate|up products as one product each and one RoPE over the query
     * and key heads together: 4 matrix products a layer instead of 7, 1 rotation instead of 2. For decoding only: the
     * products go through the packed buffers, which do not require gradients.
     */
    private NDArray packedLlamaBlock(int i, String p, NDArray h, NDArray a, Shared shared, NDArray bias,
            KvCache cache) {
        int qh = cfg.heads();
        int kvh = cfg.kvHeads();
        NDArray qkvOut = packed.qkv(a, i, shared.small());
        NDList heads = heads(qkvOut, qh + 2 * kvh).split(new long[] {qh + kvh}, 1); // q|k heads, v heads
        NDList qk = rope(heads.get(0), shared).split(new long[] {qh}, 1);
        h = h.add(linear(attention(i, qk.get(0), qk.get(1), heads.get(1), shared, bias, cache),
                p + "self_attn.o_proj.weight", shared));
        NDArray m = rmsNorm(h, p + "post_attention_layernorm.weight", shared);
        NDList gateUp = packed.gateUp(m, i, shared.small()).split(2, 2);
        return h.add(linear(swiGlu(gateUp.get(0), gateUp.get(1)), p + "mlp.down_proj.weight", shared));
    }

    /** nn.Linear: y = x W^T (+ b when the checkpoint has one), W stored [out, in]. */
    private NDArray linear(NDArray x, String name, Shared shared) {
        NDArray bias = params.get(name.substring(0, name.length() - "weight".length()) + "bias");
        return Products.linear(x, p(name), bias, shared.small());
    }

    /** x / sqrt(mean(x^2) + eps) * w. */
    private NDArray rmsNorm(NDArray x, String name, Shared shared) {
        if (fused) {
            return FusedOps.rmsNorm(x, p(name), cfg.normEps());
        }
        NDArray rms = x.square().mean(new int[] {2}, true).add(shared.normEps()).sqrt();
        return x.div(rms).mul(p(name));
    }

    /** Rotate-half RoPE: x cos + rotate_half(x) sin, with rotate_half done as one matmul by a signed permutation. */
    private static NDArray rope(NDArray x, Shared shared) {
        return x.mul(shared.cos()).add(x.matMul(shared.rotate()).mul(shared.sin()));
    }

    // ---- shared pieces ------------------------------------------------------------------------------------------

    private String headName() {
        return cfg.tiedHead() ? embeddingName()
                : cfg.family() == ModelFamily.NEOX ? "embed_out.weight" : "lm_head.weight";
    }

    private String embeddingName() {
        return switch (cfg.family()) {
            case GPT2 -> "transformer.wte.weight";
            case NEOX -> "gpt_neox.embed_in.weight";
            case LLAMA -> "model.embed_tokens.weight";
        };
    }

    private NDArray embed(NDArray ids, String table) {
        return Embedding.embedding(ids, p(table), SparseFormat.DENSE).head();
    }

    /** (B, T, n*hd) -> (B, n, T, hd); for one token that is a plain reshape (each view op costs a JNI call). */
    private NDArray heads(NDArray x, int n) {
        Shape s = x.getShape();
        if (s.get(1) == 1) {
            return x.reshape(s.get(0), n, 1, cfg.headDim());
        }
        return x.reshape(s.get(0), s.get(1), n, cfg.headDim()).transpose(0, 2, 1, 3);
    }

    /** Causal attention for one layer; returns (B, T, H*hd) with the heads concatenated in order. */
    private NDArray attention(int layer, NDArray q, NDArray k, NDArray v, Shared shared, NDArray bias,
            KvCache cache) {
        if (cache != null) {
            if (shared.small() && q.getShape().get(2) == 1) { // a sampled token: one query per row and head
                long positions = cache.put(layer, k, v);
                return SmallMatmul.decodeAttention(q, cache.keyBuffer(layer), cache.valueBuffer(layer), bias,
                        positions, 1.0 / Math.sqrt(cfg.headDim()));
            }
            // Views of the cache in this block's scratch manager: what is computed from them below (the GQA copies, the
            // transposed keys) lands there too and is freed after the block. Were they the cache's arrays, every
            // step's copies would live until generation ends, each transposed view holding a replaced K's memory
            // (issue 16: +45 MB a token on gpt2-small).
            NDArray[] kv = cache.append(layer, k, v);
            k = kv[0];
            v = kv[1];
        }
        return Attention.attend(cfg, fused, q, k, v, shared.attnScale(), bias);
    }

    @Override
    public void close() {
        manager.close();
    }
}
