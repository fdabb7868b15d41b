package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.testing.Fixtures;

/**
 * Dropping gradients swaps each parameter's handle for one on the same memory: the weights survive the old handles
 * and the garbage collector (a model built from Java data is copied into libtorch's memory first), and the next
 * backward starts from nothing instead of adding to the last one.
 */
class DropGradientsTest {
    @Test
    void weightsSurviveAndTheNextGradientStartsFromNothing() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("tiny-llama", root)) {
            Map<String, float[]> before = new LinkedHashMap<>();
            lm.parameters().forEach((k, a) -> {
                before.put(k, a.toFloatArray());
                a.setRequiresGradient(true);
            });
            String name = "model.layers.0.mlp.up_proj.weight";
            float[] g1 = gradientOf(lm, root, name);
            NDArray old = lm.parameters().get(name);
            lm.dropGradients();
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNotSame(old, lm.parameters().get(name));
            assertTrue(old.isReleased(), "the old handle is closed");
            lm.parameters().forEach((k, a) -> {
                assertArrayEquals(before.get(k), a.toFloatArray(), k + " kept its values");
                assertTrue(a.hasGradient(), k + " still requires a gradient");
            });
            assertArrayEquals(g1, gradientOf(lm, root, name), 0f, "a second backward is not added to the first");
        }
    }

    private static float[] gradientOf(TransformerLM lm, NDManager root, String name) {
        try (NDManager m = root.newSubManager()) {
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                NDArray ids = m.create(new long[] {1, 5, 9, 2, 7}).expandDims(0);
                gc.backward(lm.forward(ids).sum());
            }
            NDArray g = lm.parameters().get(name).getGradient();
            g.attach(m);
            return g.toFloatArray();
        }
    }
}
