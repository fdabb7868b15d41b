package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.DjlRuntime;

class SpoPlackettLuceTest {
    @Test
    void matchesTheHandComputedValue() {
        // s = (2, 1, 0), order 0 > 1 > 2:
        //   j = 0: 2 − ln(e² + e + 1) = 2 − ln(11.107338) = 2 − 2.407606 = −0.407606
        //   j = 1: 1 − ln(e + 1)      = 1 − ln(3.718282)  = 1 − 1.313262 = −0.313262
        //   L = 0.407606 + 0.313262 = 0.720868
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(0.7208676519626029, PlackettLuce.loss(m.create(new float[] {2, 1, 0})).getFloat(), 1e-6);
            // equal scores: every order is equally likely, L = ln K! (ln 24 for K = 4)
            assertEquals(Math.log(24), PlackettLuce.loss(m.create(new float[] {0.3f, 0.3f, 0.3f, 0.3f})).getFloat(),
                    1e-6);
            assertEquals(0.0, PlackettLuce.loss(m.create(new float[] {5})).getFloat(), 0.0);
            assertEquals(new Shape(), PlackettLuce.loss(m.create(new float[] {2, 1, 0})).getShape());
            // large scores stay finite (log-softmax subtracts the maximum): in order, L ~ 0; reversed,
            // L = −[(−3000 − 3000) + (0 − 3000)] = 9000
            assertEquals(0.0, PlackettLuce.loss(m.create(new float[] {3000, 0, -3000})).getFloat(), 1e-6);
            assertEquals(9000.0, PlackettLuce.loss(m.create(new float[] {-3000, 0, 3000})).getFloat(), 1e-3);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        DjlRuntime.engine();
        double[] s = {0.5, -1.0, 2.0, 0.0};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(s);
            x.setRequiresGradient(true);
            double[] grad;
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                NDArray loss = PlackettLuce.loss(x);
                assertEquals(DataType.FLOAT64, loss.getDataType());
                assertEquals(5.13912361298908, loss.getDouble(), 1e-12); // float64 reference, Python math.log/exp
                gc.backward(loss);
                grad = x.getGradient().toDoubleArray();
            }
            double h = 1e-6;
            for (int i = 0; i < s.length; i++) {
                double[] up = s.clone();
                double[] down = s.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (PlackettLuce.loss(m.create(up)).getDouble()
                        - PlackettLuce.loss(m.create(down)).getDouble()) / (2 * h);
                assertEquals(fd, grad[i], 1e-7, "d L / d s_" + i);
            }
            // the gradient of a shift-invariant loss sums to zero
            assertEquals(0.0, grad[0] + grad[1] + grad[2] + grad[3], 1e-12);
        }
    }

    @Test
    void raggedRowsEqualTheirOwnRankings() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] rows = {{0.5f, -1f, 2f, 0f}, {1f, 3f, 1e6f, -1e6f}, {2f, 1e6f, 7f, 7f}, {4f, 0f, 0f, 0f}};
            int[] counts = {4, 2, 1, 3};
            float[] flat = new float[16];
            for (int r = 0; r < 4; r++) {
                System.arraycopy(rows[r], 0, flat, r * 4, 4);
            }
            // entries past a row's count (1e6, −1e6, 7) must not matter
            float[] batch = PlackettLuce.perExample(m.create(flat, new Shape(4, 4)), counts).toFloatArray();
            for (int r = 0; r < 4; r++) {
                float[] own = java.util.Arrays.copyOf(rows[r], counts[r]);
                assertEquals(PlackettLuce.loss(m.create(own)).getFloat(), batch[r], 1e-5, "row " + r);
            }
            assertEquals(0f, batch[2], 0f); // one degree: nothing to rank
            assertEquals(-(1 - Math.log(Math.exp(1) + Math.exp(3))), batch[1], 1e-5);
        }
    }
}
