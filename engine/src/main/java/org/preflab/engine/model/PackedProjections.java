package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        PackedProjections out = new PackedProjections(cfg.layers());
        for (int i = 0; i < cfg.layers(); i++) {
            String a = "model.layers." + i + ".self_attn.";
            String m = "model.layers." + i + ".mlp.";
            out.qkv[i] = pack(params, List.of(a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"));
            if (cfg.qkvBias()) {
                out.qkvBias[i] = pack(params, List.of(a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"));
            }
            out.gateUp[i] = pack(params, List.of(m + "gate_proj.weight", m + "up_proj.weight"));
        }
        return out;
    }

    /**
     * Empty buffers for a model about to be read from a file, and their views by parameter name, for the loader to
     * fill in place: packing loaded arrays instead allocated each layer's weights twice and left the first copies as
     * holes in glibc's heap.
     */
    static PackedProjections allocate(ModelConfig cfg, NDManager manager, Map<String, NDArray> views) {
        PackedProjections out = new PackedProjections(cfg.layers());
        Map<String, long[]> layout = ParameterLayout.of(cfg);
        for (int i = 0; i < cfg.layers(); i++) {
            String a = "model.layers." + i + ".self_attn.";
            String m = "model.layers." + i + ".mlp.";
            out.qkv[i] = allocate(manager, layout, views, List.of(a + "q_proj.weight", a + "k_proj.weight",
                    a + "v_proj.weight"));
            if (cfg.qkvBias()) {
                out.qkvBias[i] = allocate(manager, layout, views, List.of(a + "q_proj.bias", a + "k_proj.bias",
                        a + "v_proj.bias"));
            }
            out.gateUp[i] = allocate(manager, layout, views, List.of(m + "gate_proj.weight", m + "up_proj.weight"));
        }
        return out;
    }

    private static NDArray allocate(NDManager manager, Map<String, long[]> layout, Map<String, NDArray> views,
            List<String> names) {
        long[] first = layout.get(names.get(0));
        long rows = 0;
        long[] ends = new long[names.size() - 1];
        for (int j = 0; j < names.size(); j++) {
            rows += layout.get(names.get(j))[0];
            if (j < ends.length) {
                ends[j] = rows;
            }
        }
        long[] shape = first.clone();
        shape[0] = rows;
        NDArray buffer = manager.create(new Shape(shape), DataType.FLOAT32); // uninitialized: the file fills it
        NDList parts = buffer.split(ends, 0);
        for (int j = 0; j < names.size(); j++) {
            views.put(names.get(j), parts.get(j));
        }
        return buffer;
    }

    /** One buffer of the tensors' rows in order; each entry becomes a view of its rows, the old array closed. */
    private static NDArray pack(LinkedHashMap<String, NDArray> params, List<String> names) {
        NDList parts = new NDList();
        long[] ends = new long[names.size() - 1];
        long rows = 0;
        for (int j = 0; j < names.size(); j++) {
            NDArray p = params.get(names.get(j));
            parts.add(p);
            rows += p.getShape().get(0);
            if (j < ends.length) {
                ends[j] = rows;
            }
        }
        NDArray buffer = NDArrays.concat(parts, 0); // libtorch memory, in the first part's (the model's) manager
        NDList views = buffer.split(ends, 0);
        for (int j = 0; j < names.size(); j++) {
            NDArray old = params.get(names.get(j));
            NDArray view = views.get(j);
            view.setName(old.getName());
            params.put(names.get(j), view);
            old.close();
        }
        return buffer;
    }

    /** x (B, T, D) -> q | k | v (B, T, (H + 2 kvH) hd), through layer {@code i}'s packed weights. */
    NDArray qkv(NDArray x, int i) {
        return (qkvBias[i] == null ? Linear.linear(x, qkv[i]) : Linear.linear(x, qkv[i], qkvBias[i])).head();
    }

    /** x (B, T, D) -> gate | up (B, T, 2 inner). */
    NDArray gateUp(NDArray x, int i) {
        return Linear.linear(x, gateUp[i]).head();
    }
}
