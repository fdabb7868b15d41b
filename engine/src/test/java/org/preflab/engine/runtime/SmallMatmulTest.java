package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small products against libtorch's: both weight layouts, row counts around the kernels' groups of 8, widths
 * and depths around the vector width, an input that is a non-contiguous view; and the same bits on 1 and 2 threads.
 */
class SmallMatmulTest {
    @BeforeAll
    static void start() {
        DjlRuntime.engine();
        assertTrue(SmallMatmul.available(), "g++ and an AVX2 CPU are on every machine PrefLab builds on: "
                + SmallMatmul.status());
        String line = SmallMatmul.status().line();
        assertTrue(line.startsWith("small products on (AVX"), line);
        assertTrue(DjlRuntime.report().lines().stream().anyMatch(l -> l.endsWith("; " + line)), "in doctor's lines");
    }

    @Test
    void bothLayoutsMatchLibtorchsProducts() {
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(11);
            for (int rows : new int[] {1, 3, 7, 8}) {
                for (int[] nk : new int[][] {{1, 1}, {5, 17}, {37, 45}, {64, 16}, {600, 70}, {33, 300}}) {
                    NDArray x = m.randomNormal(new Shape(rows, 1, nk[1]));
                    NDArray w = m.randomNormal(new Shape(nk[0], nk[1]));
                    String what = rows + " rows, n " + nk[0] + ", k " + nk[1];
                    assertClose(Linear.linear(x, w).head(), SmallMatmul.linear(x, w), "x w^T, " + what);
                    NDArray wt = w.transpose().duplicate(); // (k, n), contiguous
                    assertClose(x.matMul(wt), SmallMatmul.matMul(x, wt), "x w, " + what);
                }
            }
            NDArray none = m.randomNormal(new Shape(0, 1, 6));
            assertEquals(new Shape(0, 1, 5), SmallMatmul.linear(none, m.randomNormal(new Shape(5, 6))).getShape());
            NDArray depthless = m.randomNormal(new Shape(2, 1, 0));
            assertClose(m.zeros(new Shape(2, 1, 3)), SmallMatmul.matMul(depthless, m.zeros(new Shape(0, 3))),
                    "k = 0");
            NDArray wide = m.randomNormal(new Shape(4, 3, 40));
            NDArray view = wide.get(":, -1:, :"); // the last position of each row: not contiguous
            NDArray w = m.randomNormal(new Shape(50, 40));
            assertClose(Linear.linear(view, w).head(), SmallMatmul.linear(view, w), "a strided view");
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        int before = JniUtils.getNumThreads();
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(12);
            NDArray x = m.randomNormal(new Shape(8, 1, 576));
            NDArray w = m.randomNormal(new Shape(1000, 576)); // above the size that splits columns between threads
            NDArray wt = w.transpose().duplicate();
            JniUtils.setNumThreads(1);
            float[] nt1 = SmallMatmul.linear(x, w).toFloatArray();
            float[] nn1 = SmallMatmul.matMul(x, wt).toFloatArray();
            JniUtils.setNumThreads(2);
            assertArrayEquals(nt1, SmallMatmul.linear(x, w).toFloatArray(), 0f, "x w^T");
            assertArrayEquals(nn1, SmallMatmul.matMul(x, wt).toFloatArray(), 0f, "x w");
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    /**
     * The engine's build runs this class, DecodeLayersTest and SmallProductsModelTest a second time with
     * {@code preflab.smallMatmul=avx2} (engine/pom.xml), so the AVX2 kernels, which every CPU without AVX-512 runs,
     * are tested on an AVX-512 machine too; this holds that run to them.
     */
    @Test
    void theKernelsAskedForAreTheOnesLoaded() {
        if (SmallMatmul.requested() == SmallMatmul.AVX2) {
            assertTrue(SmallMatmul.status().detail().startsWith("AVX2 (at most AVX2"), SmallMatmul.status().detail());
        } else {
            assertTrue(SmallMatmul.status().detail().matches("AVX(-512|2), .*"), SmallMatmul.status().detail());
        }
    }

    @Test
    void offWhenDisabledOrWithoutACompilerAndSaysWhy(@TempDir Path dir) {
        SmallMatmul.Status off = SmallMatmul.tryLoad(SmallMatmul.OFF, dir, "g++");
        assertFalse(off.loaded());
        assertEquals("small products off (disabled by preflab.smallMatmul / PREFLAB_SMALL_MATMUL)", off.line());
        SmallMatmul.Status noCompiler = SmallMatmul.tryLoad(SmallMatmul.BEST, dir, "preflab-no-such-compiler");
        assertFalse(noCompiler.loaded());
        assertTrue(noCompiler.detail().contains("preflab-no-such-compiler not found"), noCompiler.detail());
    }

    @Test
    void onByDefaultAndASettingThatIsNeitherOnNorOffIsNamedWithItsValue() {
        String before = System.getProperty(SmallMatmul.PROPERTY);
        try {
            System.clearProperty(SmallMatmul.PROPERTY);
            if (System.getenv(SmallMatmul.ENV) == null) {
                assertEquals(SmallMatmul.BEST, SmallMatmul.requested(), "on unless turned off");
            }
            System.setProperty(SmallMatmul.PROPERTY, "maybe");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, SmallMatmul::requested);
            assertEquals("preflab.smallMatmul / PREFLAB_SMALL_MATMUL must be 1, 0 or avx2, got 'maybe'",
                    e.getMessage());
            System.setProperty(SmallMatmul.PROPERTY, "0");
            assertEquals(SmallMatmul.OFF, SmallMatmul.requested());
            System.setProperty(SmallMatmul.PROPERTY, "true");
            assertEquals(SmallMatmul.BEST, SmallMatmul.requested());
            System.setProperty(SmallMatmul.PROPERTY, " AVX2");
            assertEquals(SmallMatmul.AVX2, SmallMatmul.requested());
        } finally {
            if (before == null) {
                System.clearProperty(SmallMatmul.PROPERTY);
            } else {
                System.setProperty(SmallMatmul.PROPERTY, before);
            }
        }
    }

    /**
     * Decoding attention against softmax(q k^T scale + bias) v in libtorch: grouped heads, a cache longer than the
     * positions that count, masked positions, one bias row for all or one per row, head sizes around the vector width,
     * a query that is a strided view; and the same bits on 1 and 2 threads.
     */
    @Test
    void decodingAttentionMatchesTheFormula() {
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(5);
            // rows, query heads, kv heads, positions, capacity, head size, one shared bias row
            int[][] cases = {{8, 9, 3, 70, 160, 64, 0}, {3, 4, 4, 17, 20, 24, 1}, {1, 2, 1, 1, 5, 8, 0},
                {2, 6, 2, 33, 40, 40, 0}, {4, 8, 8, 300, 300, 64, 0}};
            for (int[] c : cases) {
                int b = c[0], h = c[1], kvh = c[2], s = c[3], cap = c[4], hd = c[5];
                NDArray kBuf = m.randomNormal(new Shape(b, kvh, cap, hd));
                NDArray vBuf = m.randomNormal(new Shape(b, kvh, cap, hd));
                NDArray wide = m.randomNormal(new Shape(b, h + 3, 1, hd));
                NDArray q = wide.get(":, :" + h + ", :, :"); // not contiguous, as the model's split views
                float[] mask = new float[(c[6] == 1 ? 1 : b) * s];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = (i % s) < s / 4 && i % 3 != 0 ? -1e9f : 0f; // some positions masked, never all
                }
                NDArray bias = m.create(mask, new Shape(c[6] == 1 ? 1 : b, 1, 1, s));
                double scale = 1 / Math.sqrt(hd);
                NDArray k = kBuf.get(":, :, :" + s + ", :").repeat(1, h / kvh); // (B, H, S, hd), heads grouped
                NDArray v = vBuf.get(":, :, :" + s + ", :").repeat(1, h / kvh);
                NDArray expected = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(bias).softmax(3).matMul(v)
                        .reshape(b, 1, (long) h * hd);
                String what = java.util.Arrays.toString(c);
                NDArray got = SmallMatmul.decodeAttention(q, kBuf, vBuf, bias, s, scale);
                assertClose(expected, got, what);
                int threads = JniUtils.getNumThreads();
                JniUtils.setNumThreads(1);
                try {
                    assertArrayEquals(got.toFloatArray(),
                            SmallMatmul.decodeAttention(q, kBuf, vBuf, bias, s, scale).toFloatArray(), what);
                } finally {
                    JniUtils.setNumThreads(threads);
                }
            }
            NDArray q = m.randomNormal(new Shape(2, 4, 1, 8));
            NDArray kv = m.randomNormal(new Shape(2, 2, 5, 8));
            assertThrows(IllegalArgumentException.class,
                    () -> SmallMatmul.decodeAttention(q, kv, kv, m.zeros(new Shape(2, 1, 1, 6)), 6, 1));
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double worst = 0;
        double max = 1;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
            max = Math.max(max, Math.abs(e[i]));
        }
        assertTrue(worst < 1e-5 * max, what + ": difference " + worst + " of values up to " + max);
    }
}
