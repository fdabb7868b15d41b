package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.io.SafetensorsReader;
import org.preflab.engine.io.SafetensorsWriter;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spo.SpoSettings.Pooling;

class SpoDegreeHeadTest {
    @Test
    void poolsOverCompletionTokensOnly() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            // (N=2, T=4, D=2): position t of row r holds (10r + t, −t)
            float[] h = new float[16];
            for (int r = 0; r < 2; r++) {
                for (int t = 0; t < 4; t++) {
                    h[(r * 4 + t) * 2] = 10 * r + t;
                    h[(r * 4 + t) * 2 + 1] = -t;
                }
            }
            NDArray hidden = m.create(h, new Shape(2, 4, 2));
            // row 0: completion at 1..2 (then a pad); row 1: completion at 2..3
            NDArray mask = m.create(new float[] {0, 1, 1, 0, 0, 0, 1, 1}, new Shape(2, 4));
            assertArrayEquals(new float[] {1.5f, -1.5f, 12.5f, -2.5f},
                    DegreeHead.pool(hidden, mask, Pooling.MEAN_COMPLETION).toFloatArray());
            assertArrayEquals(new float[] {2, -2, 13, -3},
                    DegreeHead.pool(hidden, mask, Pooling.LAST_TOKEN).toFloatArray());
            NDArray none = m.create(new float[8], new Shape(2, 4));
            for (Pooling p : Pooling.values()) {
                assertArrayEquals(new float[4], DegreeHead.pool(hidden, none, p).toFloatArray(), p.name());
            }
        }
    }

    @Test
    void initialisationIsSeededNormalWithZeroBias() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager();
                DegreeHead a = new DegreeHead(m, 4, 512, 7);
                DegreeHead b = new DegreeHead(m, 4, 512, 7);
                DegreeHead c = new DegreeHead(m, 4, 512, 8)) {
            float[] w = a.parameters().get(DegreeHead.WEIGHT).toFloatArray();
            assertArrayEquals(w, b.parameters().get(DegreeHead.WEIGHT).toFloatArray());
            assertFalse(java.util.Arrays.equals(w, c.parameters().get(DegreeHead.WEIGHT).toFloatArray()));
            double sum = 0;
            double sq = 0;
            for (float x : w) {
                sum += x;
                sq += x * x;
            }
            double mean = sum / w.length;
            double std = Math.sqrt(sq / w.length - mean * mean);
            assertEquals(0.0, mean, 0.002); // 2048 draws: the mean's standard error is 0.02/45 = 0.00044
            assertEquals(0.02, std, 0.002);
            assertArrayEquals(new float[4], a.parameters().get(DegreeHead.BIAS).toFloatArray());
            assertEquals(new Shape(4, 512), a.parameters().get(DegreeHead.WEIGHT).getShape());
            assertTrue(a.parameters().values().stream().allMatch(NDArray::hasGradient));
        }
    }

    @Test
    void crossEntropyAndAccuracyMatchHandValues() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager(); DegreeHead head = new DegreeHead(m, 2, 2, 0)) {
            head.load(Map.of(
                    DegreeHead.WEIGHT, new Tensor(DegreeHead.WEIGHT, new long[] {2, 2}, new float[] {1, 0, 0, 1}),
                    DegreeHead.BIAS, new Tensor(DegreeHead.BIAS, new long[] {2}, new float[] {0, 0})));
            // W = I, b = 0: logits = pooled. Rows (2,0) label 0, (0,1) label 1, (1,0) label 1:
            // CE = ln(1 + e^−2) = 0.126928, ln(1 + e^−1) = 0.313262, ln(1 + e^1) = 1.313262; mean 0.584484.
            // argmax = 0, 1, 0: two of three right.
            NDArray pooled = m.create(new float[] {2, 0, 0, 1, 1, 0}, new Shape(3, 2));
            NDArray labels = m.create(new long[] {0, 1, 1});
            DegreeHead.Output out = head.loss(pooled, labels);
            assertEquals(0.5844837953598061, out.loss().getFloat(), 1e-6);
            assertEquals(2f / 3, out.accuracy().getFloat(), 1e-7);
            assertArrayEquals(new float[] {0.126928f, 0.313262f, 1.313262f},
                    head.crossEntropy(pooled, labels).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void zeroHeadGivesLnK() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager(); DegreeHead head = new DegreeHead(m, 5, 3, 1)) {
            head.load(Map.of(DegreeHead.WEIGHT, new Tensor(DegreeHead.WEIGHT, new long[] {5, 3}, new float[15]),
                    DegreeHead.BIAS, new Tensor(DegreeHead.BIAS, new long[] {5}, new float[5])));
            NDArray pooled = m.randomNormal(new Shape(6, 3)).mul(100);
            NDArray labels = m.create(new long[] {0, 1, 2, 3, 4, 4});
            assertEquals(Math.log(5), head.loss(pooled, labels).loss().getFloat(), 1e-6);
        }
    }

    @Test
    void stateRoundTripsThroughASafetensorsFileInPlace(@TempDir Path dir) throws Exception {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager();
                DegreeHead saved = new DegreeHead(m, 4, 8, 11);
                DegreeHead restored = new DegreeHead(m, 4, 8, 99)) {
            saved.parameters().get(DegreeHead.BIAS).set(new float[] {0.5f, -1, 2, 0});
            Path file = dir.resolve("spo_head.safetensors");
            SafetensorsWriter.write(file, saved.state());
            NDArray before = restored.parameters().get(DegreeHead.WEIGHT);
            restored.load(SafetensorsReader.read(file).tensors());
            assertSame(before, restored.parameters().get(DegreeHead.WEIGHT)); // same array: optimizers keep it
            assertEquals(saved.state(), restored.state());
            assertTrue(before.hasGradient());
            assertTrue(Files.size(file) > 0);

            DegreeHead wrong = new DegreeHead(m, 3, 8, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrong.load(saved.state()));
            assertTrue(e.getMessage().contains("(4, 8)") && e.getMessage().contains("k = 3"), e.getMessage());
            wrong.close();
        }
    }

    @Test
    void trainingStepsLeaveNothingInTheHeadsManager() {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); DegreeHead head = new DegreeHead(root, 4, 16, 3)) {
            int before = root.getManagedArrays().size();
            for (int step = 0; step < 5; step++) {
                try (NDManager m = root.newSubManager()) {
                    try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                        NDArray pooled = m.randomNormal(new Shape(8, 16));
                        NDArray labels = m.create(new long[] {0, 1, 2, 3, 0, 1, 2, 3});
                        gc.backward(head.loss(pooled, labels).loss());
                    }
                    for (NDArray p : head.parameters().values()) {
                        NDArray g = p.getGradient();
                        g.attach(m); // the handle lands in the parameter's manager: move it to the step's
                        p.subi(g.mul(0.1f));
                        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
                    }
                }
                assertEquals(before, root.getManagedArrays().size(), "after step " + step);
            }
        }
    }
}
