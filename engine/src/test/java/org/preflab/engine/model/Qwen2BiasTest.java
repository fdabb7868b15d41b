package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.golden.GoldenReport;

/**
 * Qwen2-style checkpoints (Llama with q/k/v biases): test resources/fixtures/tiny-qwen2 holds tiny-llama's weights
 * plus seeded biases and golden logits from a float64 PyTorch forward (make_fixture.py beside them).
 */
class Qwen2BiasTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/tiny-qwen2");

    @Test
    void matchesTheReferenceAndTheBiasesMatter() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(DIR, root)) {
            assertTrue(lm.config().qkvBias());
            assertFalse(lm.config().outBias());
            GoldenReport r = GoldenCheck.run(lm, root, DIR.resolve("golden.json"));
            assertTrue(r.passed() && r.maxLogitDiff() < 1e-5, r.describe());
            lm.parameters().get("model.layers.0.self_attn.k_proj.bias").muli(0); // a model that ignored them
            GoldenReport without = GoldenCheck.run(lm, root, DIR.resolve("golden.json"));
            assertTrue(without.maxLogitDiff() > 1e-2, "biases change the logits: " + without.maxLogitDiff());
        }
    }
}
