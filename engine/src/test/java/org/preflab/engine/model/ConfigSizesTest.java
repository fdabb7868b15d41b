package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.testing.Fixtures;

/** config.json's sizes are checked against bounds and the weights' headers before anything is sized by them. */
class ConfigSizesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    /**
     * libtorch turns grad mode off only on the thread that starts the engine: start it here, not on a timeout's
     * worker thread, or later test classes on this thread would train with grad mode on.
     */
    @BeforeAll
    static void startEngineOnTheTestThread() {
        DjlRuntime.engine();
    }

    /** A copy of a fixture whose config.json has {@code key} set to {@code value}. */
    private Path withConfig(String fixture, String key, long value) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(fixture + "-" + key));
        Files.copy(Fixtures.fixture(fixture).resolve("model.safetensors"), dir.resolve("model.safetensors"));
        ObjectNode config = (ObjectNode) JSON.readTree(Fixtures.fixture(fixture).resolve("config.json").toFile());
        config.put(key, value);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        return dir;
    }

    private ModelFormatException refused(Path dir) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (NDManager root = NDManager.newBaseManager()) {
                return assertThrows(ModelFormatException.class, () -> ModelIO.load(dir, root));
            }
        });
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource({
        "tiny-llama, num_hidden_layers, 100000000, 'num_hidden_layers = 100000000 is above 1024'",
        "tiny-llama, num_hidden_layers, 3, 'num_hidden_layers = 3 but model.safetensors holds 2 layers (numbered 0 to 1)'",
        "tiny-llama, max_position_embeddings, 2147483647, 'max_position_embeddings = 2147483647 is above 268435456'",
        "tiny-llama, vocab_size, 97, 'vocab_size = 97 but model.safetensors has model.embed_tokens.weight of shape [96, 32]'",
        "tiny-llama, intermediate_size, 80, 'intermediate_size = 80 but model.safetensors has model.layers.0.mlp.gate_proj.weight'",
        "tiny-llama, num_key_value_heads, 1, 'num_key_value_heads x head_dim = 8 but model.safetensors has model.layers.0.self_attn.k_proj.weight'",
        "tiny-llama, head_dim, 16, 'num_attention_heads x head_dim = 64 but'",
        "tiny-llama, hidden_size, 1000000, 'hidden_size = 1000000 is above 65536'",
        "tiny-gpt2, n_positions, 100000000, 'n_positions = 100000000 but model.safetensors has transformer.wpe.weight'",
        "tiny-gpt2, n_layer, 1000, 'n_layer = 1000 but model.safetensors holds 2 layers'",
    })
    void aSizeTheWeightsContradictOrNoCheckpointReachesIsANamedError(String fixture, String key, long value,
            String message) throws Exception {
        ModelFormatException e = refused(withConfig(fixture, key, value));
        assertTrue(e.getMessage().startsWith(tmp.resolve(fixture + "-" + key).resolve("config.json") + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** Llama has no position tensor: a huge but honest context loads, and rotary tables cover what is used. */
    @Test
    void aHugeContextLoadsWithoutTablesSizedByIt() throws Exception {
        Path dir = withConfig("tiny-llama", "max_position_embeddings", 100_000_000);
        Files.copy(Fixtures.fixture("tiny-llama").resolve("golden.json"), dir.resolve("golden.json"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(dir, root)) {
                assertEquals(0, lm.rotaryPositions(), "no tables before the first forward");
                assertTrue(GoldenCheck.run(lm, root, dir.resolve("golden.json")).passed());
                assertEquals(256, lm.rotaryPositions());
            }
        });
    }
}
