package org.preflab.engine.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.DjlRuntime;

class LossInputsTest {
    private NDManager m;

    @BeforeEach
    void start() {
        DjlRuntime.engine();
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void stop() {
        m.close();
    }

    private NDArray a(float... v) {
        return m.create(v);
    }

    private LossInputs inputs(double beta, double eps, double tau) {
        // s_c = {0.5, -1}, s_r = {-0.25, 2}; lengths {0 -> 1, 4} and {2, 8}.
        return new LossInputs(a(-3f, -10f), a(-4.25f, -6f), a(-3.5f, -9f), a(-4f, -8f), a(0f, 4f), a(2f, 8f),
                beta, eps, tau);
    }

    @Test
    void sharedQuantitiesFollowTheNotation() {
        LossInputs in = inputs(0.1, 0, 0.05);
        assertArrayEquals(new float[] {0.5f, -1f}, in.chosenLogRatio().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.25f, 2f}, in.rejectedLogRatio().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.75f, -3f}, in.margin().toFloatArray(), 1e-6f);
        // h̄ = s_c/L_c - s_r/L_r with L_c clamped from 0 to 1: {0.5/1 + 0.25/2, -1/4 - 2/8}
        assertArrayEquals(new float[] {0.625f, -0.5f}, in.normalisedMargin().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1f, 4f}, in.chosenLengths().toFloatArray());
        assertEquals(2, in.batchSize());
    }

    @Test
    void rejectsBadHyperparametersQuotingTheValue() {
        assertEquals("beta must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> inputs(0, 0, 0.05)).getMessage());
        assertEquals("beta must be a finite number > 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> inputs(Double.NaN, 0, 0.05)).getMessage());
        assertEquals("label_smoothing must be in [0, 1], got -0.1",
                assertThrows(IllegalArgumentException.class, () -> inputs(0.1, -0.1, 0.05)).getMessage());
        assertEquals("discopop_tau must be a finite number > 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> inputs(0.1, 0, -1)).getMessage());
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossInputs.withDefaults(
                a(1f, 2f), a(1f, 2f, 3f), a(1f, 2f), a(1f, 2f), a(1f, 1f), a(1f, 1f)));
        assertEquals("policyRejected has shape (3) but policyChosen has (2)", e.getMessage());
    }

    @Test
    void logSigmoidIsStableAndHasHalfSlopeAtZero() {
        NDArray u = a(-1000f, -1f, 0f, 1f, 1000f);
        float[] got = LossMath.logSigmoid(u).toFloatArray();
        double[] want = {-1000, -Math.log1p(Math.E), -Math.log(2), -Math.log1p(Math.exp(-1)), 0};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6, "logσ at index " + i);
        }
        u.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            gc.backward(LossMath.logSigmoid(u).sum());
            // d/du logσ(u) = σ(-u): 1, σ(1), 1/2, σ(-1), 0.
            assertArrayEquals(new float[] {1f, 0.7310586f, 0.5f, 0.26894143f, 0f},
                    u.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
