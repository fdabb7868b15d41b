package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.tensor.Scalars;
import org.preflab.engine.tensor.Views;

/**
 * AdamW against torch.optim.AdamW's formulas written out in double: three steps with a clipping scale, a weight
 * that decays and a norm gain that does not, one tensor large enough to be cut into chunks on several threads; the
 * gradients are zero afterwards and the moments are what checkpoints save.
 */
class AdamWTest {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double WD = 0.01;
    private static final double LR = 1e-2;

    @Test
    void matchesTorchsAdamWStepByStep() {
        DjlRuntime.engine();
        int big = AdamWKernel.CHUNK * 2 + 123; // three chunks, the last one short
        SplittableRandom r = new SplittableRandom(7);
        float[] w0 = r.doubles(big, -1, 1).collect(() -> new FloatList(big), FloatList::add, FloatList::addAll).a;
        float[] n0 = {1f, 0.5f, -2f};
        try (NDManager root = NDManager.newBaseManager(); NDManager model = root.newSubManager();
                AdamW opt = new AdamW(root, B1, B2, EPS, WD)) {
            LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
            params.put("model.layers.0.mlp.up_proj.weight", model.create(w0, new Shape(big)));
            params.put("model.norm.weight", model.create(n0, new Shape(3)));
            params.values().forEach(p -> p.setRequiresGradient(true));
            double[][] p = {toDouble(w0), toDouble(n0)};
            double[][] m = {new double[big], new double[3]};
            double[][] v = {new double[big], new double[3]};
            boolean[] decays = {true, false};
            double[] scales = {1.0, 0.25, 0.5};
            for (int step = 1; step <= 3; step++) {
                double[][] g = new double[2][];
                try (NDManager s = root.newSubManager()) {
                    try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                        // loss = sum(w^3)/3 + sum(n^2)/2 + step * sum(n): gradients w^2 and n + step. Numbers go
                        // through Scalars: DJL frees the scalar of x.mul(number) while autograd still needs it.
                        NDArray w = params.get("model.layers.0.mlp.up_proj.weight");
                        NDArray n = params.get("model.norm.weight");
                        NDArray loss = Scalars.div(w.mul(w).mul(w).sum(), 3).add(Scalars.div(n.mul(n).sum(), 2))
                                .add(Scalars.mul(n.sum(), step));
                        g[0] = toDouble(w.toFloatArray());
                        g[1] = toDouble(n.toFloatArray());
                        for (int i = 0; i < g[0].length; i++) {
                            g[0][i] = (float) (g[0][i] * g[0][i]);
                        }
                        for (int i = 0; i < 3; i++) {
                            g[1][i] = g[1][i] + step;
                        }
                        gc.backward(loss);
                    }
                    opt.step(params, LR, scales[step - 1], s);
                }
                double bc1 = 1 - Math.pow(B1, step);
                double bc2 = 1 - Math.pow(B2, step);
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < p[k].length; i++) {
                        double gi = g[k][i] * scales[step - 1];
                        if (decays[k]) {
                            p[k][i] *= 1 - LR * WD;
                        }
                        m[k][i] = B1 * m[k][i] + (1 - B1) * gi;
                        v[k][i] = B2 * v[k][i] + (1 - B2) * gi * gi;
                        p[k][i] -= LR / bc1 * m[k][i] / (Math.sqrt(v[k][i]) / Math.sqrt(bc2) + EPS);
                    }
                }
                int at = 0;
                for (NDArray a : params.values()) {
                    assertClose(p[at], a.toFloatArray(), "parameter " + at + " after step " + step);
                    assertEquals(0f, maxAbs(a.getGradient().toFloatArray()), "gradient zeroed after step " + step);
                    at++;
                }
            }
            var state = opt.stateArrays();
            assertClose(m[0], state.get("m.model.layers.0.mlp.up_proj.weight").toFloatArray(), "first moment");
            assertClose(v[1], state.get("v.model.norm.weight").toFloatArray(), "second moment");
            assertEquals(3, opt.steps());
        }
    }

    /**
     * Each moment set is one buffer, the parameters' moments views of consecutive ranges of it (so that step 1 does
     * not scatter hundreds of them through the heap); a restore fills a fresh pair of buffers and the next step
     * matches the uninterrupted optimizer's bit for bit; moments of the wrong size are refused by name.
     */
    @Test
    void momentsLiveInOneBufferAndRestoreExactly() {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); AdamW a = new AdamW(root, B1, B2, EPS, WD);
                AdamW b = new AdamW(root, B1, B2, EPS, WD)) {
            Map<String, NDArray> pa = twoParameters(root);
            Map<String, NDArray> pb = twoParameters(root);
            stepWithGradients(a, pa, root, 1);
            var state = a.stateArrays();
            NDArray m0 = state.get("m.w");
            assertEquals(address(m0) + 4 * m0.size(), address(state.get("m.norm.weight")), "m of w, then m of norm");
            Map<String, float[]> saved = new LinkedHashMap<>();
            state.forEach((k, x) -> saved.put(k, x.toFloatArray()));
            pb.get("w").set(pa.get("w").toFloatArray());
            pb.get("norm.weight").set(pa.get("norm.weight").toFloatArray());
            b.restore(saved, pb, a.steps());
            assertEquals(address(b.stateArrays().get("v.w")) + 4 * 7, address(b.stateArrays().get("v.norm.weight")));
            stepWithGradients(a, pa, root, 2);
            stepWithGradients(b, pb, root, 2);
            assertArrayEquals(pa.get("w").toFloatArray(), pb.get("w").toFloatArray(), "resumed step 2");
            assertArrayEquals(a.stateArrays().get("v.norm.weight").toFloatArray(),
                    b.stateArrays().get("v.norm.weight").toFloatArray());
            saved.put("m.w", new float[6]);
            var e = assertThrows(IllegalArgumentException.class, () -> b.restore(saved, pb, 1));
            assertTrue(e.getMessage().contains("optimizer state for w holds 6 and 7 moments for a parameter of 7"),
                    e.getMessage());
        }
    }

    private static Map<String, NDArray> twoParameters(NDManager root) {
        LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
        params.put("w", root.create(new float[] {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 3f}));
        params.put("norm.weight", root.create(new float[] {1f, 0.5f}));
        params.values().forEach(p -> p.setRequiresGradient(true));
        return params;
    }

    private static void stepWithGradients(AdamW opt, Map<String, NDArray> params, NDManager root, int step) {
        try (NDManager s = root.newSubManager()) {
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                NDArray w = params.get("w");
                NDArray n = params.get("norm.weight");
                gc.backward(Scalars.mul(w.mul(w).sum(), step).add(n.mul(n).mul(w.get("0:2")).sum()));
            }
            opt.step(params, LR, 1.0, s);
        }
    }

    private static long address(NDArray a) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(Views.floats(a)));
    }

    private static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-5 * Math.max(1e-3, Math.abs(want[i]));
            if (Math.abs(want[i] - got[i]) > tol) {
                throw new AssertionError(what + " [" + i + "]: expected " + want[i] + ", got " + got[i]);
            }
        }
    }

    private static float maxAbs(float[] a) {
        float mx = 0;
        for (float x : a) {
            mx = Math.max(mx, Math.abs(x));
        }
        return mx;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Collects a DoubleStream into floats. */
    private static final class FloatList {
        float[] a;
        int n;

        FloatList(int cap) {
            a = new float[cap];
        }

        void add(double x) {
            a[n++] = (float) x;
        }

        void addAll(FloatList o) {
            throw new UnsupportedOperationException("sequential only");
        }
    }
}
