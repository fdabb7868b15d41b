package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.io.HfWeights;
import org.preflab.engine.io.SafetensorsWriter;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.testing.Fixtures;

class ModelIOTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "stories260k"})
    void loadsFixtureSavesAndReloadsBitIdentically(String name) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(Fixtures.fixture(name), root)) {
            assertTrue(GoldenCheck.run(lm, root, Fixtures.fixture(name).resolve("golden.json")).passed());
            Path out = tmp.resolve(name);
            ModelIO.save(lm, out, Fixtures.fixture(name));
            try (TransformerLM back = ModelIO.load(out, root)) {
                for (var e : lm.parameters().entrySet()) {
                    assertArrayEquals(e.getValue().toFloatArray(), back.parameters().get(e.getKey()).toFloatArray(),
                            e.getKey());
                }
                assertEquals(lm.config().raw(), back.config().raw());
            }
            // the saved weights are byte-identical to the fixture's file
            assertArrayEquals(Files.readAllBytes(Fixtures.fixture(name).resolve("model.safetensors")),
                    Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    private Path copyOf(String fixture) throws Exception {
        Path dir = tmp.resolve("copy-" + fixture);
        Files.createDirectories(dir);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(Fixtures.fixture(fixture).resolve(f), dir.resolve(f));
        }
        return dir;
    }

    @Test
    void missingTensorNamesFileAndTensor() throws Exception {
        Path dir = copyOf("tiny-llama");
        LinkedHashMap<String, Tensor> t = HfWeights.loadFolder(dir);
        t.remove("model.layers.1.mlp.up_proj.weight");
        SafetensorsWriter.write(dir.resolve("model.safetensors"), t);
        try (NDManager root = NDManager.newBaseManager()) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir, root));
            assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
            assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.weight"), e.getMessage());
        }
    }

    @Test
    void wrongShapeNamesFileAndTensor() throws Exception {
        Path dir = copyOf("tiny-gpt2");
        LinkedHashMap<String, Tensor> t = HfWeights.loadFolder(dir);
        t.put("transformer.h.0.attn.c_proj.bias", new Tensor("transformer.h.0.attn.c_proj.bias", new long[] {31},
                new float[31]));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), t);
        try (NDManager root = NDManager.newBaseManager()) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir, root));
            assertTrue(e.getMessage().contains("transformer.h.0.attn.c_proj.bias") && e.getMessage().contains("(31)"),
                    e.getMessage());
        }
    }

    @Test
    void truncatedWeightsAndUnknownModelTypeAreClearErrors() throws Exception {
        Path dir = copyOf("tiny-gpt2");
        byte[] all = Files.readAllBytes(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length - 100));
        try (NDManager root = NDManager.newBaseManager()) {
            Exception e = assertThrows(java.io.IOException.class, () -> ModelIO.load(dir, root));
            assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
            Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"vocab_size\": 5}");
            e = assertThrows(ModelFormatException.class, () -> ModelIO.load(dir, root));
            assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("unknown model_type 'bert'"),
                    e.getMessage());
        }
    }

    @Test
    void halfPrecisionWeightsLoadAsFloat32() throws Exception {
        Path dir = copyOf("tiny-llama");
        LinkedHashMap<String, Tensor> t = HfWeights.loadFolder(dir);
        HfWeights.saveFolder(dir, t, 40_000, org.preflab.engine.io.DType.BF16); // sharded and bf16
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(dir, root)) {
            float[] w = lm.parameters().get("model.norm.weight").toFloatArray();
            float[] orig = t.get("model.norm.weight").data();
            for (int i = 0; i < w.length; i++) {
                assertEquals(orig[i], w[i], Math.abs(orig[i]) / 128, "bf16 keeps 8 bits of mantissa");
            }
        }
    }

    @Test
    void hubStyleGpt2NamesAndBuffersLoad() throws Exception {
        // as older GPT-2 uploads store them: no "transformer." prefix, attention-mask buffers, the tied head saved
        Path dir = copyOf("tiny-gpt2");
        LinkedHashMap<String, Tensor> hub = new LinkedHashMap<>();
        for (Tensor t : HfWeights.loadFolder(dir).values()) {
            String name = t.name().replaceFirst("^transformer\\.", "");
            hub.put(name, new Tensor(name, t.shape(), t.data()));
        }
        hub.put("h.0.attn.bias", new Tensor("h.0.attn.bias", new long[] {1, 1, 64, 64}, new float[64 * 64]));
        hub.put("h.1.attn.masked_bias", new Tensor("h.1.attn.masked_bias", new long[] {}, new float[] {-1e4f}));
        Tensor wte = hub.get("wte.weight");
        hub.put("lm_head.weight", new Tensor("lm_head.weight", wte.shape(), wte.data()));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), hub);
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(dir, root)) {
            assertTrue(GoldenCheck.run(lm, root, Fixtures.fixture("tiny-gpt2").resolve("golden.json")).passed());
        }
    }
}
