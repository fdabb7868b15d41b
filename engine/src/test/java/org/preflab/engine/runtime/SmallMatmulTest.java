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

    @Test
    void offWhenDisabledOrWithoutACompilerAndSaysWhy(@TempDir Path dir) {
        SmallMatmul.Status off = SmallMatmul.tryLoad(false, dir, "g++");
        assertFalse(off.loaded());
        assertEquals("small products off (disabled by preflab.smallMatmul / PREFLAB_SMALL_MATMUL)", off.line());
        SmallMatmul.Status noCompiler = SmallMatmul.tryLoad(true, dir, "preflab-no-such-compiler");
        assertFalse(noCompiler.loaded());
        assertTrue(noCompiler.detail().contains("preflab-no-such-compiler not found"), noCompiler.detail());
    }

    @Test
    void onByDefaultAndASettingThatIsNeitherOnNorOffIsNamedWithItsValue() {
        String before = System.getProperty(SmallMatmul.PROPERTY);
        try {
            System.clearProperty(SmallMatmul.PROPERTY);
            assertEquals(System.getenv(SmallMatmul.ENV) == null, SmallMatmul.requested(), "on unless turned off");
            System.setProperty(SmallMatmul.PROPERTY, "maybe");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, SmallMatmul::requested);
            assertEquals("preflab.smallMatmul must be true or false (or 1/0), got 'maybe'", e.getMessage());
            System.setProperty(SmallMatmul.PROPERTY, "0");
            assertFalse(SmallMatmul.requested());
        } finally {
            if (before == null) {
                System.clearProperty(SmallMatmul.PROPERTY);
            } else {
                System.setProperty(SmallMatmul.PROPERTY, before);
            }
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
