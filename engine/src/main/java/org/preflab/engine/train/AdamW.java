package org.preflab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.tensor.Views;

/**
 * AdamW (Loshchilov and Hutter) as torch.optim.AdamW computes it, with the moments kept by PrefLab so that they can
 * be checkpointed and restored bit for bit (DJL's own Adam hides its state). Biases and norm gains get no decay.
 *
 * <p>The update runs in place on libtorch's memory, allocating nothing ({@link AdamWKernel}).
 */
public final class AdamW implements AutoCloseable {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager state;
    private NDManager moments; // the two buffers of allocateMoments and their views, replaced by a restore
    private final LinkedHashMap<String, NDArray> m = new LinkedHashMap<>();
    private final LinkedHashMap<String, NDArray> v = new LinkedHashMap<>();
    private long steps;

    public AdamW(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.state = parent.newSubManager();
    }

    /**
     * Updates every parameter from its accumulated gradient times {@code gradScale}, then zeroes the gradients: one
     * fused pass per parameter ({@link AdamWKernel}) on the engine's intra-op threads.
     */
    public void step(Map<String, NDArray> params, double lr, double gradScale, NDManager scratch) {
        step(params, lr, gradScale, scratch, name -> true);
    }

    /**
     * As {@link #step(Map, double, double, NDManager)}, zeroing only the gradients {@code zeroAfter} names: the
     * others are the caller's to drop ({@code TransformerLM.dropGradients}), and zeroing memory about to be freed
     * would be one more pass over the model.
     */
    public void step(Map<String, NDArray> params, double lr, double gradScale, NDManager scratch,
            java.util.function.Predicate<String> zeroAfter) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        if (m.isEmpty()) {
            allocateMoments(params);
        }
        try (NDManager local = scratch.newSubManager()) {
            List<AdamWKernel.Slot> slots = new ArrayList<>(params.size());
            for (var e : params.entrySet()) {
                NDArray p = e.getValue();
                NDArray g = p.getGradient(); // a handle on libtorch's gradient, freed with local
                g.attach(local);
                NDArray mt = m.computeIfAbsent(e.getKey(), k -> state.zeros(p.getShape()));
                NDArray vt = v.computeIfAbsent(e.getKey(), k -> state.zeros(p.getShape()));
                float decay = weightDecay > 0 && decays(e.getKey()) ? (float) (1 - lr * weightDecay) : 1f;
                slots.add(new AdamWKernel.Slot(Views.floats(p), Views.floats(g), Views.floats(mt),
                        Views.floats(vt), decay, zeroAfter.test(e.getKey())));
            }
            AdamWKernel.run(slots, new AdamWKernel.StepScalars((float) gradScale, (float) (1 - beta1), (float) beta2,
                    (float) (1 - beta2), (float) (lr / bc1), (float) Math.sqrt(bc2), (float) eps),
                    DjlRuntime.settings().intraOpThreads());
        }
    }

    /**
     * Both moments of every parameter at once, each set in one zeroed buffer of which the per-parameter moments are
     * views. Buffers this large (a model's worth) are their own mappings, outside glibc's heap: made there one by
     * one in step 1, 2 x 272 moments for llama-135m filled the holes step 1's activations left, and every later
     * step's activations had to find new memory (a run's peak crept from 2.50 GB at step 1 to 2.80 GB by step 11).
     */
    private void allocateMoments(Map<String, NDArray> params) {
        List<String> names = new ArrayList<>(params.keySet());
        if (names.isEmpty()) {
            return;
        }
        long[] sizes = new long[names.size()];
        long total = 0;
        for (int j = 0; j < sizes.length; j++) {
            sizes[j] = params.get(names.get(j)).size();
            total += sizes[j];
        }
        moments = state.newSubManager();
        m.putAll(views(moments.zeros(new Shape(total)), names, sizes, params));
        v.putAll(views(moments.zeros(new Shape(total)), names, sizes, params));
    }

    private static Map<String, NDArray> views(NDArray buffer, List<String> names, long[] sizes,
            Map<String, NDArray> params) {
        NDList parts = Views.ranges(buffer, sizes);
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        for (int j = 0; j < sizes.length; j++) {
            out.put(names.get(j), parts.get(j).reshape(params.get(names.get(j)).getShape()));
        }
        return out;
    }

    /** Weight matrices and embeddings decay; biases and norm gains (1-D) do not, as in transformers' Trainer. */
    static boolean decays(String name) {
        return !name.endsWith(".bias") && !name.contains("ln_") && !name.contains("norm");
    }

    public long steps() {
        return steps;
    }

    /** The moments as named arrays ("m." / "v." + parameter name), for checkpoints. */
    public Map<String, NDArray> stateArrays() {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a));
        v.forEach((k, a) -> out.put("v." + k, a));
        return out;
    }

    /** Restores moments and the step count written by {@link #stateArrays()}. */
    public void restore(Map<String, float[]> arrays, Map<String, NDArray> params, long stepCount) {
        for (var e : params.entrySet()) {
            float[] mv = arrays.get("m." + e.getKey());
            float[] vv = arrays.get("v." + e.getKey());
            if (mv == null || vv == null) {
                throw new IllegalArgumentException("optimizer state has no moments for " + e.getKey());
            }
            long size = e.getValue().getShape().size();
            if (mv.length != size || vv.length != size) {
                throw new IllegalArgumentException("optimizer state for " + e.getKey() + " holds " + mv.length
                        + " and " + vv.length + " moments for a parameter of " + size + " values");
            }
        }
        if (moments != null) {
            moments.close(); // the moments of steps before: replaced below
        }
        m.clear();
        v.clear();
        allocateMoments(params);
        for (String name : params.keySet()) {
            Views.floats(m.get(name)).put(arrays.get("m." + name));
            Views.floats(v.get(name)).put(arrays.get("v." + name));
        }
        this.steps = stepCount;
    }

    @Override
    public void close() {
        state.close();
    }
}
