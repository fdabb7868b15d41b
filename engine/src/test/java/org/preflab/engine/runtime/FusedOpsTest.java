package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused kernels against the same functions written with DJL's ops: values and gradients, and a libtorch error
 * that comes back as a Java exception instead of ending the JVM.
 */
class FusedOpsTest {
    @BeforeAll
    static void start() {
        DjlRuntime.engine();
        assertTrue(FusedOps.available(), "g++ is on every machine PrefLab builds on: " + FusedOps.status());
    }

    @Test
    void statusNamesEveryKernelAndTheLibrary() {
        String line = FusedOps.status().line();
        assertTrue(line.startsWith("Fused ops: silu, gelu, attention, logsumexp, rms_norm (loaded from "), line);
        assertTrue(DjlRuntime.report().lines().stream().anyMatch(l -> l.startsWith(line + "; small products ")),
                DjlRuntime.report().lines().toString());
    }

    @Test
    void siluMatchesXTimesSigmoidWithItsGradient() {
        compareUnary(FusedOps::silu, x -> x.mul(Activation.sigmoid(x)));
    }

    @Test
    void geluTanhMatchesGpt2sFormulaWithItsGradient() {
        double c = Math.sqrt(2 / Math.PI);
        compareUnary(FusedOps::geluTanh,
                x -> x.mul(0.5).mul(x.pow(3).mul(0.044715).add(x).mul(c).tanh().add(1)));
    }

    @Test
    void attentionMatchesSoftmaxOfBiasedScoresWithItsGradients() {
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray q = m.randomNormal(new Shape(2, 3, 5, 8));
            NDArray k = m.randomNormal(new Shape(2, 3, 7, 8));
            NDArray v = m.randomNormal(new Shape(2, 3, 7, 8));
            float[] biasValues = new float[2 * 5 * 7];
            for (int i = 0; i < biasValues.length; i += 3) {
                biasValues[i] = -1e9f; // some keys masked, per row and query
            }
            NDArray bias = m.create(biasValues, new Shape(2, 1, 5, 7));
            double scale = 0.9; // not the default 1/sqrt(8): proves the scale reaches libtorch
            NDArray w = m.randomNormal(new Shape(2, 3, 5, 8));
            float[][] fused = attentionAndGrads(q, k, v, w, a -> FusedOps.attention(a[0], a[1], a[2], bias,
                    scale));
            float[][] plain = attentionAndGrads(q, k, v, w, a -> a[0].mul(scale).matMul(a[1].transpose(0, 1, 3, 2))
                    .add(bias).softmax(3).matMul(a[2]));
            for (int i = 0; i < fused.length; i++) {
                assertClose(plain[i], fused[i], 1e-5, i == 0 ? "output" : "gradient " + i);
            }
        }
    }

    @Test
    void logSumExpMatchesLogOfSummedExpsWithItsGradient() {
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(2, 3, 11)).mul(4);
            for (int axis : new int[] {2, 1}) { // both axes: the axis argument arrives
                NDArray w = m.randomNormal(axis == 2 ? new Shape(2, 3) : new Shape(2, 11));
                float[][] fused = unaryAndGrad(x, w, a -> FusedOps.logSumExp(a, axis));
                float[][] plain = unaryAndGrad(x, w, a -> a.exp().sum(new int[] {axis}).log());
                assertClose(plain[0], fused[0], 1e-5, "value over axis " + axis);
                assertClose(plain[1], fused[1], 1e-5, "gradient over axis " + axis);
            }
        }
    }

    @Test
    void rmsNormMatchesItsFormulaWithGradientsOfInputAndWeight() {
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(9);
            NDArray x0 = m.randomNormal(new Shape(2, 3, 16)).mul(0.01); // small: eps = 1e-3 moves the result
            NDArray g0 = m.randomNormal(new Shape(16));
            NDArray w = m.randomNormal(new Shape(2, 3, 16));
            double eps = 1e-3;
            float[][] fused = normAndGrads(x0, g0, w, (x, g) -> FusedOps.rmsNorm(x, g, eps));
            float[][] plain = normAndGrads(x0, g0, w,
                    (x, g) -> x.div(x.square().mean(new int[] {2}, true).add(eps).sqrt()).mul(g));
            for (int i = 0; i < fused.length; i++) {
                assertClose(plain[i], fused[i], 1e-5, i == 0 ? "value" : "gradient " + i);
            }
        }
    }

    @Test
    void aLibtorchErrorIsAJavaExceptionWithItsMessage() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray q = m.ones(new Shape(1, 2, 3, 4));
            NDArray k = m.ones(new Shape(1, 2, 3, 5)); // head sizes differ
            EngineException e = assertThrows(EngineException.class,
                    () -> FusedOps.attention(q, k, k, null, 0.5));
            assertTrue(e.getMessage().startsWith("scaled_dot_product_attention failed in libtorch: "), e.getMessage());
            assertTrue(e.getMessage().length() > 60, "carries libtorch's message: " + e.getMessage());
            assertEquals(6, FusedOps.silu(m.ones(new Shape(2, 3))).size(), "still usable afterwards");
        }
    }

    @Test
    void offWhenDisabledOrWithoutACompilerAndSaysWhy(@TempDir Path dir) {
        FusedOps.Status off = FusedOps.tryLoad(false, dir, "g++");
        assertFalse(off.loaded());
        assertTrue(off.line().contains("disabled by preflab.fusedOps / PREFLAB_FUSED_OPS"), off.line());
        FusedOps.Status noCompiler = FusedOps.tryLoad(true, dir, "preflab-no-such-compiler");
        assertFalse(noCompiler.loaded());
        assertTrue(noCompiler.detail().contains("preflab-no-such-compiler not found"), noCompiler.detail());
        assertTrue(FusedOps.available(), "a failed try leaves the loaded library in use");
    }

    @Test
    void aSettingThatIsNeitherOnNorOffIsNamedWithItsValue() {
        String before = System.getProperty(FusedOps.PROPERTY);
        try {
            System.setProperty(FusedOps.PROPERTY, "maybe");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, FusedOps::requested);
            assertEquals("preflab.fusedOps must be true or false (or 1/0), got 'maybe'", e.getMessage());
            System.setProperty(FusedOps.PROPERTY, "off");
            assertFalse(FusedOps.requested());
        } finally {
            if (before == null) {
                System.clearProperty(FusedOps.PROPERTY);
            } else {
                System.setProperty(FusedOps.PROPERTY, before);
            }
        }
    }

    private static void compareUnary(Function<NDArray, NDArray> fused, Function<NDArray, NDArray> plain) {
        try (NDManager m = DjlRuntime.newManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(4, 33)).mul(3);
            NDArray w = m.randomNormal(new Shape(4, 33));
            float[][] a = unaryAndGrad(x, w, fused);
            float[][] b = unaryAndGrad(x, w, plain);
            assertClose(b[0], a[0], 1e-5, "value");
            assertClose(b[1], a[1], 1e-5, "gradient");
        }
    }

    private static float[][] unaryAndGrad(NDArray x0, NDArray w, Function<NDArray, NDArray> f) {
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            NDArray y = f.apply(x);
            gc.backward(y.mul(w).sum());
            return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray()};
        }
    }

    private static float[][] normAndGrads(NDArray x0, NDArray g0, NDArray w,
            java.util.function.BinaryOperator<NDArray> f) {
        NDArray x = x0.duplicate();
        NDArray g = g0.duplicate();
        x.setRequiresGradient(true);
        g.setRequiresGradient(true);
        try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            NDArray y = f.apply(x, g);
            gc.backward(y.mul(w).sum());
            return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), g.getGradient().toFloatArray()};
        }
    }

    private static float[][] attentionAndGrads(NDArray q0, NDArray k0, NDArray v0, NDArray w,
            Function<NDArray[], NDArray> f) {
        NDArray[] in = {q0.duplicate(), k0.duplicate(), v0.duplicate()};
        for (NDArray a : in) {
            a.setRequiresGradient(true);
        }
        try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            NDArray o = f.apply(in);
            gc.backward(o.mul(w).sum());
            return new float[][] {o.toFloatArray(), in[0].getGradient().toFloatArray(),
                    in[1].getGradient().toFloatArray(), in[2].getGradient().toFloatArray()};
        }
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
                    what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }
}
