package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.runtime.MemoryProbe;

/**
 * Clipping and AdamW leave nothing model-sized in the step's manager: their temporaries are freed per parameter,
 * not at the end of the step (on llama-135m they were six copies of the model at once, issue 16).
 */
class OptimizerScratchTest {
    @Test
    void clippingAndAdamWFreeTheirTemporariesPerParameter() {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); NDManager model = root.newSubManager();
                AdamW opt = new AdamW(root, 0.9, 0.999, 1e-8, 0.01)) {
            LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
            for (String name : List.of("a.weight", "b.weight")) {
                NDArray p = model.randomNormal(new Shape(64, 64));
                p.setRequiresGradient(true);
                params.put(name, p);
            }
            float[] before = params.get("a.weight").toFloatArray();
            try (NDManager step = root.newSubManager()) {
                try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                    NDArray loss = params.get("a.weight").mul(params.get("b.weight")).sum();
                    gc.backward(loss);
                }
                int beforeClip = MemoryProbe.managedArrays(step);
                double norm = GradientClipping.globalNorm(params, step);
                // one scalar per parameter, their stack and its sum: nothing of the parameters' size
                int afterClip = MemoryProbe.managedArrays(step);
                assertTrue(afterClip - beforeClip <= params.size() + 2, "arrays left by clipping: "
                        + (afterClip - beforeClip));
                assertTrue(norm > 1, "the test needs clipping to scale the gradient, norm " + norm);
                opt.step(params, 1e-2, GradientClipping.scale(norm, 1.0), step);
                assertEquals(afterClip, MemoryProbe.managedArrays(step), "arrays left by AdamW");
            }
            float[] after = params.get("a.weight").toFloatArray();
            assertTrue(before[0] != after[0], "the parameter was updated");
        }
    }
}
