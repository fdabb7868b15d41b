package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.golden.GoldenReport;
import org.preflab.engine.testing.Fixtures;

/** Every fixture's logits, log-probs (alone and batched with padding) and greedy tokens match the reference. */
class GoldenFixturesTest {
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "stories260k"})
    void matchesGolden(String name) throws Exception {
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = Fixtures.model(name, root)) {
            GoldenReport r = GoldenCheck.run(lm, root, Fixtures.fixture(name).resolve("golden.json"));
            System.out.println(name + "\n" + r.describe());
            assertTrue(r.passed(), r.describe());
            assertTrue(r.maxLogitDiff() < 5e-5, "logits within float32 error: " + r.maxLogitDiff());
            assertTrue(Boolean.TRUE.equals(r.greedyMatch()));
        }
    }
}
