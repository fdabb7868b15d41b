package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.runtime.FusedOps;
import org.preflab.engine.testing.Fixtures;

/**
 * The model computes the same logits and gradients with libtorch's fused kernels (silu, tanh GELU, attention) as with
 * DJL's ops: a left- and right-padded batch through grouped-query attention (both Llama fixtures have fewer
 * key/value heads than query heads), and decoding with the KV cache.
 */
class FusedOpsModelTest {
    private static final long[][] IDS = {{0, 0, 5, 9, 2, 7, 3}, {4, 8, 1, 6, 2, 0, 0}};
    private static final boolean[][] REAL = {{false, false, true, true, true, true, true},
            {true, true, true, true, true, false, false}};

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void sameLogitsGradientsAndDecodingWithAndWithoutFusedKernels(String fixture) throws Exception {
        DjlRuntime.engine();
        assertTrue(FusedOps.available(), FusedOps.status().toString());
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model(fixture, root)) {
            lm.parameters().values().forEach(p -> p.setRequiresGradient(true));
            assertTrue(lm.usesFusedOps(), "on by default where loaded");
            lm.useDecodeLayers(false); // decoding through the blocks, where the fused kernels are used
            Map<String, float[]> fused = logitsAndGradients(lm, root);
            List<float[]> fusedDecode = decode(lm, root);
            lm.dropGradients();
            lm.useFusedOps(false);
            Map<String, float[]> plain = logitsAndGradients(lm, root);
            List<float[]> plainDecode = decode(lm, root);
            assertEquals(plain.keySet(), fused.keySet());
            for (String k : plain.keySet()) {
                assertClose(plain.get(k), fused.get(k), k);
            }
            for (int i = 0; i < plainDecode.size(); i++) {
                assertClose(plainDecode.get(i), fusedDecode.get(i), "decode step " + i);
            }
        }
    }

    /** Logits of the padded batch, and every parameter's gradient of a weighted sum of them. */
    private static Map<String, float[]> logitsAndGradients(TransformerLM lm, NDManager root) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = root.newSubManager()) {
            int t = IDS[0].length;
            NDArray ids = m.create(IDS[0]).expandDims(0).concat(m.create(IDS[1]).expandDims(0), 0);
            NDArray pos = m.arange(0, t, 1, DataType.INT64).expandDims(0);
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                NDArray logits = lm.logits(lm.hidden(ids, pos, AttentionMask.padded(m, 0, t, REAL), null));
                // as in training, padded positions take no part in the loss (a left-padded query sees no key at all,
                // and the two forms give such a row different, equally meaningless, gradients)
                float[] real = new float[2 * t];
                for (int r = 0; r < 2; r++) {
                    for (int i = 0; i < t; i++) {
                        real[r * t + i] = REAL[r][i] ? 1 : 0;
                    }
                }
                NDArray w = m.arange((float) logits.size()).reshape(logits.getShape()).mul(0.37).sin()
                        .mul(m.create(real, new Shape(2, t, 1)));
                gc.backward(logits.mul(w).sum());
                out.put("logits", logits.toFloatArray());
            }
            lm.parameters().forEach((k, p) -> {
                NDArray g = p.getGradient();
                g.attach(m);
                out.put(k, g.toFloatArray());
            });
        }
        return out;
    }

    /** Last-position logits of a prompt and three fed tokens through the KV cache, without gradients. */
    static List<float[]> decode(TransformerLM lm, NDManager root) {
        List<float[]> out = new ArrayList<>();
        long[][] steps = {{3, 1, 4, 1, 5}, {9}, {2}, {6}};
        try (NDManager gen = root.newSubManager(); KvCache cache = new KvCache(gen, lm.config().layers())) {
            for (long[] ids : steps) {
                int past = (int) cache.length();
                try (NDManager m = gen.newSubManager()) {
                    boolean[] keys = new boolean[past + ids.length];
                    Arrays.fill(keys, true);
                    NDArray h = lm.hidden(m.create(ids, new Shape(1, ids.length)),
                            m.arange(past, past + ids.length, 1, DataType.INT64).expandDims(0),
                            AttentionMask.padded(m, past, ids.length, new boolean[][] {keys}), cache);
                    float[] logits = lm.logits(h).toFloatArray();
                    int v = lm.config().vocabSize();
                    out.add(Arrays.copyOfRange(logits, logits.length - v, logits.length));
                }
            }
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double max = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max > 0, what + " is all zeros: the comparison would prove nothing");
        assertTrue(worst <= 1e-4 * Math.max(1, max), what + ": max |diff| " + worst + " of max |value| " + max);
    }
}
