package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.runtime.ThreadWait;
import org.preflab.engine.tensor.Views;
import org.preflab.engine.testing.Fixtures;
import org.preflab.engine.train.AdamW;

/**
 * A Llama-family model decodes through the packed q|k|v and gate|up buffers, and trains and scores through the named
 * parameters, which are views of those buffers: the two must stay one set of weights through in-place writes, an
 * optimizer step, dropped gradients and a save and reload. A scoring forward (no cache, no gradients: reference
 * log-probs) gives exactly training's numbers, so a run's first step has rewards of exactly zero. tiny-llama has
 * grouped-query attention; tiny-qwen2 adds q/k/v biases; the random model is packed after its arrays are made.
 */
class PackedProjectionsTest {
    private static final long[] PROMPT = {3, 1, 4, 1, 5, 9, 2};

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "random"})
    void packedAndNamedWeightsStayOneModel(String folder, @TempDir Path tmp) throws Exception {
        DjlRuntime.engine();
        // loaded: the file is read into the packed buffers' views; random: arrays made first, then packed
        Path dir = folder.equals("tiny-qwen2") ? Path.of("src/test/resources/fixtures", folder)
                : Fixtures.fixture("tiny-llama");
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = folder.equals("random")
                ? ModelFactory.randomInit(ModelConfig.load(dir), 7, root) : ModelIO.load(dir, root)) {
            assertEquals(ThreadWait.sleepsNow(), lm.usesPackedProjections(),
                    "on by default for the Llama family while waiting threads sleep");
            lm.usePackedProjections(true);
            float[] loaded = logits(lm, root);
            try (NDManager m = root.newSubManager()) {
                NDArray ids = m.create(PROMPT).expandDims(0);
                float[] scored = lm.forward(ids).toFloatArray();
                try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                    assertArrayEquals(scored, lm.forward(ids).toFloatArray(), 0f, "scoring = training's forward");
                }
            }
            assertSameWithAndWithoutPacking(lm, root, loaded, "as loaded");

            // a write through a named parameter is a write into the packed buffer (here: the last row of v)
            String v = "model.layers.0.self_attn.v_proj.weight";
            FloatBuffer vb = Views.floats(lm.parameters().get(v));
            for (int i = vb.capacity() - lm.config().hidden(); i < vb.capacity(); i++) {
                vb.put(i, vb.get(i) + 0.5f);
            }
            float[] written = logits(lm, root);
            assertDiffers(loaded, written, "the write changes the packed forward");
            assertSameWithAndWithoutPacking(lm, root, written, "after an in-place write");

            // an optimizer step on the named parameters, gradients dropped as the trainer does
            lm.parameters().values().forEach(p -> p.setRequiresGradient(true));
            try (NDManager m = root.newSubManager(); AdamW opt = new AdamW(root, 0.9, 0.999, 1e-8, 0.0)) {
                try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                    gc.backward(lm.forward(m.create(PROMPT).expandDims(0)).square().mean());
                }
                opt.step(lm.parameters(), 1e-2, 1.0, m);
            }
            lm.dropGradients();
            float[] stepped = logits(lm, root);
            assertDiffers(written, stepped, "the step changes the packed forward");
            assertSameWithAndWithoutPacking(lm, root, stepped, "after a step and dropped gradients");

            // saved from the views, loaded and packed afresh: the same weights and logits
            Map<String, float[]> weights = new LinkedHashMap<>();
            lm.parameters().forEach((k, p) -> weights.put(k, p.toFloatArray()));
            Path saved = tmp.resolve("saved");
            ModelIO.save(lm, saved, null);
            try (TransformerLM back = ModelIO.load(saved, root)) {
                back.parameters().forEach((k, p) -> assertArrayEquals(weights.get(k), p.toFloatArray(), 0f, k));
                assertArrayEquals(stepped, logits(back, root), 0f, "reloaded logits");
            }
            assertTrue(Files.size(saved.resolve("model.safetensors")) > 0);
        }
    }

    private static void assertSameWithAndWithoutPacking(TransformerLM lm, NDManager root, float[] packed, String when) {
        lm.usePackedProjections(false);
        try {
            float[] named = logits(lm, root);
            float worst = 0;
            for (int i = 0; i < named.length; i++) {
                worst = Math.max(worst, Math.abs(named[i] - packed[i]));
            }
            assertTrue(worst < 1e-5, when + ": packed and named weights differ by " + worst);
        } finally {
            lm.usePackedProjections(true);
        }
    }

    private static void assertDiffers(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length);
        assertFalse(Arrays.equals(a, b), what);
    }

    /** Logits of the prompt's forward, then of {@link FusedOpsModelTest#decode}'s steps through the KV cache. */
    private static float[] logits(TransformerLM lm, NDManager root) {
        float[] out;
        try (NDManager m = root.newSubManager()) {
            out = lm.forward(m.create(PROMPT).expandDims(0)).toFloatArray();
        }
        for (float[] step : FusedOpsModelTest.decode(lm, root)) {
            float[] joined = Arrays.copyOf(out, out.length + step.length);
            System.arraycopy(step, 0, joined, out.length, step.length);
            out = joined;
        }
        return out;
    }
}
