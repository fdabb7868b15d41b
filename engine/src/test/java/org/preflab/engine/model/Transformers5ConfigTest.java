package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.golden.GoldenReport;

/**
 * Checkpoints saved by transformers 5 keep RoPE under rope_parameters (src/test/resources/tf5, made by
 * make_fixtures.py there with transformers 5.18): both layouts are read, the scaling types in use are computed or
 * refused by name, and keys that change the computation are never ignored.
 */
class Transformers5ConfigTest {
    private static final Path FIXTURES = Path.of("src/test/resources/tf5");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private static GoldenReport golden(Path dir, Path goldenFile) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(dir, root)) {
            return GoldenCheck.run(lm, root, goldenFile);
        }
    }

    /** A copy of a fixture with its config.json edited. */
    private Path edited(String fixture, Consumer<ObjectNode> edit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(fixture + "-" + System.nanoTime()));
        Files.copy(FIXTURES.resolve(fixture).resolve("model.safetensors"), dir.resolve("model.safetensors"));
        ObjectNode config = (ObjectNode) JSON.readTree(FIXTURES.resolve(fixture).resolve("config.json").toFile());
        edit.accept(config);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        return dir;
    }

    private ModelFormatException refused(Path dir) {
        return assertThrows(ModelFormatException.class, () -> ModelConfig.load(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-theta-1e6", "llama-rope-linear", "llama-rope-llama3", "neox-partial-rotary"})
    void matchesTransformers5Logits(String fixture) throws Exception {
        GoldenReport r = golden(FIXTURES.resolve(fixture), FIXTURES.resolve(fixture).resolve("golden.json"));
        assertTrue(r.passed() && r.maxLogitDiff() < 1e-4, fixture + ": " + r.describe());
    }

    @Test
    void theBaseInRopeParametersIsTheOneUsed() throws Exception {
        assertEquals(1e6, ModelConfig.load(FIXTURES.resolve("llama-theta-1e6")).ropeTheta());
        ModelConfig neox = ModelConfig.load(FIXTURES.resolve("neox-partial-rotary"));
        assertEquals(1e5, neox.ropeTheta());
        assertEquals(4, neox.rotaryDims(), "rope_parameters.partial_rotary_factor 0.5 of head_dim 8");
        // Read as the default 10000, the same weights are far from transformers' logits: the base matters here.
        Path defaultBase = edited("llama-theta-1e6", c -> c.remove("rope_parameters"));
        GoldenReport wrong = golden(defaultBase, FIXTURES.resolve("llama-theta-1e6").resolve("golden.json"));
        System.out.println("rope_theta 1e6 read as 10000: max logit diff " + wrong.maxLogitDiff());
        assertFalse(wrong.passed(), wrong.describe());
        assertTrue(wrong.maxLogitDiff() > 0.1, wrong.describe());
    }

    @Test
    void theOlderLayoutGivesTheSameModel() throws Exception {
        Path older = edited("llama-rope-llama3", c -> {
            ObjectNode params = (ObjectNode) c.remove("rope_parameters");
            c.set("rope_theta", params.remove("rope_theta"));
            params.set("type", params.remove("rope_type")); // transformers 4.3x spelled it "type"
            c.set("rope_scaling", params);
        });
        assertTrue(golden(older, FIXTURES.resolve("llama-rope-llama3").resolve("golden.json")).passed());
        Path both = edited("llama-theta-1e6", c -> c.put("rope_theta", 1e6)); // agreeing copies are fine
        assertEquals(1e6, ModelConfig.load(both).ropeTheta());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"rope_type\": \"yarn\", \"factor\": 4.0, \"rope_theta\": 10000.0}|rope_parameters.rope_type = 'yarn' is not supported: PrefLab computes RoPE of type default, linear, llama3 only",
        "{\"rope_type\": \"dynamic\", \"factor\": 2.0, \"rope_theta\": 10000.0}|rope_type = 'dynamic' is not supported",
        "{\"rope_type\": \"longrope\", \"rope_theta\": 10000.0}|rope_type = 'longrope' is not supported",
        "{\"rope_type\": \"linear\", \"factor\": 2.0, \"mscale\": 1.2, \"rope_theta\": 10000.0}|rope_parameters.mscale = 1.2 is not understood for RoPE type 'linear' (it reads factor)",
        "{\"rope_type\": \"default\", \"attention_factor\": 2.0, \"rope_theta\": 10000.0}|rope_parameters.attention_factor = 2.0 is not supported",
        "{\"rope_type\": \"linear\", \"rope_theta\": 10000.0}|rope_parameters of type 'linear' needs 'factor'",
        "{\"full_attention\": {\"rope_type\": \"default\", \"rope_theta\": 10000.0}}|RoPE per layer type is not supported",
        "{\"rope_type\": \"default\", \"rope_theta\": \"1e6\"}|rope_parameters.rope_theta should be a number, got \"1e6\"",
    })
    void ropeItCannotComputeIsRefusedByName(String params, String message) throws Exception {
        Path dir = edited("llama-theta-1e6", c -> {
            try {
                c.set("rope_parameters", JSON.readTree(params));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ModelFormatException e = refused(dir);
        assertTrue(e.getMessage().startsWith(dir.resolve("config.json") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void twoLayoutsThatDisagreeAreRefused() throws Exception {
        assertTrue(refused(edited("llama-theta-1e6", c -> c.put("rope_theta", 10000.0))).getMessage()
                .contains("rope_theta = 10000.0 but rope_parameters.rope_theta = 1000000.0"));
        assertTrue(refused(edited("llama-theta-1e6", c -> c.set("rope_scaling", JSON.createObjectNode()
                .put("type", "linear").put("factor", 2.0)))).getMessage().contains("disagree"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "attn_logit_softcapping|50.0",
        "final_logit_softcapping|30.0",
        "logit_scale|0.0625",
        "embedding_multiplier|12.0",
        "use_qk_norm|true",
        "num_local_experts|8",
        "no_rope_layers|[1, 0]",
        "layer_types|[\"full_attention\", \"sliding_attention\"]",
        "partial_rotary_factor|0.5",
    })
    void keysThatChangeTheComputationAreNamedErrors(String key, String value) throws Exception {
        Path dir = edited("llama-theta-1e6", c -> {
            try {
                c.set(key, JSON.readTree(value));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ModelFormatException e = refused(dir);
        assertTrue(e.getMessage().contains(key + " = "), e.getMessage());
    }

    @Test
    void neutralValuesOfThoseKeysAreAccepted() throws Exception {
        Path dir = edited("llama-theta-1e6", c -> {
            c.set("layer_types", JSON.createArrayNode().add("full_attention").add("full_attention")); // Qwen2 in 5.x
            c.putNull("attn_logit_softcapping");
            c.put("use_qk_norm", false);
            c.put("logit_scale", 1.0);
        });
        assertTrue(golden(dir, FIXTURES.resolve("llama-theta-1e6").resolve("golden.json")).passed());
    }
}
