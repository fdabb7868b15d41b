package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.preflab.engine.tensor.Views;

/**
 * A Llama-family model's q|k|v and gate|up weights, each layer's in one buffer, with the named parameters
 * (self_attn.q_proj.weight, ...) views of row ranges of it: the same memory, no copy. Decoding (a forward with a KV
 * cache, without gradients) makes one product per buffer where it made one per projection: 4 products a layer
 * instead of 7. On two cores each product is a parallel region that wakes the second thread; sampling llama-135m
 * runs 30 layers of them a token, and those wake-ups were what kept it behind transformers' (issue 16).
 *
 * <p>Training still computes each projection from its named parameter: gradients belong to those views, which
 * are leaves of their own (a view of a buffer that does not require gradients is a leaf in torch), and the optimizer
 * updates them in place, so the buffers see every update.
 */
final class PackedProjections {
    private final NDArray[] qkv;
    private final NDArray[] qkvBias; // null entries without q/k/v biases
    private final NDArray[] gateUp;

    private PackedProjections(int layers) {
        qkv = new NDArray[layers];
        qkvBias = new NDArray[layers];
        gateUp = new NDArray[layers];
    }

    /** Packs every layer's projections and replaces their entries in {@code params} by views of the buffers. */
    static PackedProjections pack(ModelConfig cfg, LinkedHashMap<String, NDArray> params) {
        return build(cfg, names -> {
            NDList parts = new NDList();
            names.forEach(n -> parts.add(params.get(n)));
            NDArray buffer = NDArrays.concat(parts, 0); // libtorch memory, in the first part's (the model's) manager
            split(buffer, names, Arrays.stream(parts.getShapes()).mapToLong(sh -> sh.get(0)).toArray(), (n, view) -> {
                NDArray old = params.put(n, view);
                view.setName(old.getName());
                old.close();
            });
            return buffer;
        });
    }

    /**
     * Empty buffers for a model about to be read from a file, and their views by parameter name, for the loader to
     * fill in place: packing loaded arrays instead allocated each layer's weights twice and left the first copies as
     * holes in glibc's heap.
     */
    static PackedProjections allocate(ModelConfig cfg, NDManager manager, Map<String, NDArray> views) {
        Map<String, long[]> layout = ParameterLayout.of(cfg);
        return build(cfg, names -> {
            long[] rows = names.stream().mapToLong(n -> layout.get(n)[0]).toArray();
            long[] shape = layout.get(names.get(0)).clone();
            shape[0] = Arrays.stream(rows).sum();
            NDArray buffer = manager.create(new Shape(shape), DataType.FLOAT32); // uninitialized: the file fills it
            split(buffer, names, rows, views::put);
            return buffer;
        });
    }

    /** One buffer per layer and group (q|k|v weights, their biases where the model has them, gate|up weights). */
    private static PackedProjections build(ModelConfig cfg, Function<List<String>, NDArray> buffer) {
        PackedProjections out = new PackedProjections(cfg.layers());
        for (int i = 0; i < cfg.layers(); i++) {
            String a = "model.layers." + i + ".self_attn.";
            String m = "model.layers." + i + ".mlp.";
            out.qkv[i] = buffer.apply(List.of(a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"));
            if (cfg.qkvBias()) {
                out.qkvBias[i] = buffer.apply(List.of(a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"));
            }
            out.gateUp[i] = buffer.apply(List.of(m + "gate_proj.weight", m + "up_proj.weight"));
        }
        return out;
    }

    /** Hands {@code each} a view of the buffer's rows per name, {@code rows[j]} rows for the j-th. */
    private static void split(NDArray buffer, List<String> names, long[] rows, BiConsumer<String, NDArray> each) {
        NDList views = Views.ranges(buffer, rows);
        for (int j = 0; j < names.size(); j++) {
            each.accept(names.get(j), views.get(j));
        }
    }

    /** x (B, T, D) -> q | k | v (B, T, (H + 2 kvH) hd), through layer {@code i}'s packed weights. */
    NDArray qkv(NDArray x, int i, boolean small) {
        return Products.linear(x, qkv[i], qkvBias[i], small);
    }

    /** Layer {@code i}'s q|k|v weights ((H + 2 kvH) hd, D), their biases (null without) and gate|up weights. */
    NDArray qkvWeights(int i) {
        return qkv[i];
    }

    NDArray qkvBiases(int i) {
        return qkvBias[i];
    }

    NDArray gateUpWeights(int i) {
        return gateUp[i];
    }

    /** x (B, T, D) -> gate | up (B, T, 2 inner). */
    NDArray gateUp(NDArray x, int i, boolean small) {
        return Products.linear(x, gateUp[i], null, small);
    }
}
