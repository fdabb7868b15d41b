package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.MemoryProbe;
import org.preflab.engine.testing.Fixtures;

class KvCacheTest {
    private static final long[] PROMPT = {1, 403, 407, 261, 378};
    private static final int NEW = 20;

    /** Last-position logits after the prompt and after each of NEW fed tokens, with the arrays alive per step. */
    private static List<float[]> decode(TransformerLM lm, NDManager root, long capacity, List<Integer> arrays) {
        List<float[]> out = new ArrayList<>();
        try (NDManager gen = root.newSubManager();
                KvCache cache = capacity < 0 ? new KvCache(gen, lm.config().layers())
                        : new KvCache(gen, lm.config().layers(), capacity)) {
            for (int step = 0; step <= NEW; step++) {
                long[] ids = step == 0 ? PROMPT : new long[] {300 + step};
                int past = (int) cache.length();
                try (NDManager m = gen.newSubManager()) {
                    NDArray x = m.create(ids, new Shape(1, ids.length));
                    NDArray pos = m.arange(past, past + ids.length, 1, DataType.INT64).expandDims(0);
                    boolean[] keys = new boolean[past + ids.length];
                    Arrays.fill(keys, true);
                    NDArray h = lm.hidden(x, pos, AttentionMask.padded(m, past, ids.length, new boolean[][] {keys}),
                            cache);
                    float[] logits = lm.logits(h).toFloatArray();
                    int v = lm.config().vocabSize();
                    out.add(Arrays.copyOfRange(logits, logits.length - v, logits.length));
                }
                arrays.add(MemoryProbe.managedArrays(gen));
            }
        }
        return out;
    }

    @Test
    void growingCacheMatchesASizedOneBitForBitAndHoldsOnlyKAndV() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("stories260k", root)) {
            List<Integer> sizedArrays = new ArrayList<>();
            List<Integer> growingArrays = new ArrayList<>();
            List<float[]> sized = decode(lm, root, PROMPT.length + NEW, sizedArrays);
            List<float[]> growing = decode(lm, root, -1, growingArrays); // 5 positions, then 10, 20, 40
            for (int i = 0; i < sized.size(); i++) {
                assertArrayEquals(sized.get(i), growing.get(i), "step " + i);
            }
            int kv = 2 * lm.config().layers();
            for (int i = 0; i < sizedArrays.size(); i++) {
                assertEquals(kv, sizedArrays.get(i), "sized cache, step " + i + ": " + sizedArrays);
                assertEquals(kv, growingArrays.get(i), "growing cache, step " + i + ": " + growingArrays);
            }
            // and the cache gives what a full forward over the whole sequence gives
            long[] all = new long[PROMPT.length + NEW];
            System.arraycopy(PROMPT, 0, all, 0, PROMPT.length);
            for (int s = 1; s <= NEW; s++) {
                all[PROMPT.length + s - 1] = 300 + s;
            }
            try (NDManager m = root.newSubManager()) {
                float[] full = lm.forward(m.create(all, new Shape(1, all.length))).toFloatArray();
                int v = lm.config().vocabSize();
                float[] last = Arrays.copyOfRange(full, full.length - v, full.length);
                float[] cached = sized.get(NEW);
                for (int j = 0; j < v; j++) {
                    assertEquals(last[j], cached[j], 1e-4, "logit " + j);
                }
            }
        }
    }
}
