package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.runtime.SmallMatmul;
import org.preflab.engine.testing.Fixtures;

/**
 * Decoding through the small products (the default where they load) gives libtorch's logits to rounding, for GPT-2's
 * Conv1D weights, Llama's packed q|k|v and gate|up buffers with grouped-query attention, and Qwen2's q/k/v biases.
 */
class SmallProductsModelTest {
    @BeforeAll
    static void start() {
        DjlRuntime.engine();
        assertTrue(SmallMatmul.available(), SmallMatmul.status().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2", "tiny-neox/parallel"})
    void decodingMatchesLibtorchsProducts(String fixture) throws Exception {
        Path local = Path.of("src/test/resources/fixtures", fixture); // the Qwen2 and NeoX ones are the engine's own
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = Files.isDirectory(local) ? ModelIO.load(local, root) : Fixtures.model(fixture, root)) {
            lm.useSmallProducts(true);
            List<float[]> small = FusedOpsModelTest.decode(lm, root);
            lm.useSmallProducts(false);
            List<float[]> plain = FusedOpsModelTest.decode(lm, root);
            assertEquals(plain.size(), small.size());
            for (int i = 0; i < plain.size(); i++) {
                float worst = 0;
                float max = 0;
                for (int j = 0; j < plain.get(i).length; j++) {
                    worst = Math.max(worst, Math.abs(plain.get(i)[j] - small.get(i)[j]));
                    max = Math.max(max, Math.abs(plain.get(i)[j]));
                }
                assertTrue(max > 0 && worst <= 1e-4 * Math.max(1, max), fixture + " step " + i + ": " + worst);
            }
        }
    }
}
