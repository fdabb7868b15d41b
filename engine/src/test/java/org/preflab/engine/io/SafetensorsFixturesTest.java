package org.preflab.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.preflab.engine.io.SafetensorsTestFiles.fixture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the shared fixtures and checks them against the layout the fixture README documents. */
class SafetensorsFixturesTest {

    private static Map<String, List<Long>> gpt2Shapes(int layers, long e, long v, long p) {
        Map<String, List<Long>> m = new TreeMap<>();
        m.put("transformer.wte.weight", List.of(v, e));
        m.put("transformer.wpe.weight", List.of(p, e));
        m.put("transformer.ln_f.weight", List.of(e));
        m.put("transformer.ln_f.bias", List.of(e));
        for (int i = 0; i < layers; i++) {
            String b = "transformer.h." + i + ".";
            for (String ln : List.of("ln_1", "ln_2")) {
                m.put(b + ln + ".weight", List.of(e));
                m.put(b + ln + ".bias", List.of(e));
            }
            m.put(b + "attn.c_attn.weight", List.of(e, 3 * e));
            m.put(b + "attn.c_attn.bias", List.of(3 * e));
            m.put(b + "attn.c_proj.weight", List.of(e, e));
            m.put(b + "attn.c_proj.bias", List.of(e));
            m.put(b + "mlp.c_fc.weight", List.of(e, 4 * e));
            m.put(b + "mlp.c_fc.bias", List.of(4 * e));
            m.put(b + "mlp.c_proj.weight", List.of(4 * e, e));
            m.put(b + "mlp.c_proj.bias", List.of(e));
        }
        return m;
    }

    private static Map<String, List<Long>> llamaShapes(int layers, long d, long inter, long v, long q, long kv,
            boolean tied) {
        Map<String, List<Long>> m = new TreeMap<>();
        m.put("model.embed_tokens.weight", List.of(v, d));
        m.put("model.norm.weight", List.of(d));
        if (!tied) {
            m.put("lm_head.weight", List.of(v, d));
        }
        for (int i = 0; i < layers; i++) {
            String b = "model.layers." + i + ".";
            m.put(b + "input_layernorm.weight", List.of(d));
            m.put(b + "post_attention_layernorm.weight", List.of(d));
            m.put(b + "self_attn.q_proj.weight", List.of(q, d));
            m.put(b + "self_attn.k_proj.weight", List.of(kv, d));
            m.put(b + "self_attn.v_proj.weight", List.of(kv, d));
            m.put(b + "self_attn.o_proj.weight", List.of(d, q));
            m.put(b + "mlp.gate_proj.weight", List.of(inter, d));
            m.put(b + "mlp.up_proj.weight", List.of(inter, d));
            m.put(b + "mlp.down_proj.weight", List.of(d, inter));
        }
        return m;
    }

    private static Map<String, List<Long>> shapesOf(Map<String, Tensor> tensors) {
        Map<String, List<Long>> m = new TreeMap<>();
        tensors.forEach((name, t) -> {
            List<Long> s = new ArrayList<>();
            for (long d : t.shape()) {
                s.add(d);
            }
            m.put(name, s);
        });
        return m;
    }

    private static SafetensorsFile read(String model) throws IOException {
        return SafetensorsReader.read(fixture(model).resolve("model.safetensors"));
    }

    @Test
    void tinyGpt2HasTheDocumentedTensors() throws IOException {
        SafetensorsFile f = read("tiny-gpt2");
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertEquals(gpt2Shapes(2, 32, 96, 64), shapesOf(f.tensors()));
    }

    @Test
    void tinyLlamaHasTheDocumentedTensors() throws IOException {
        SafetensorsFile f = read("tiny-llama");
        assertEquals(llamaShapes(2, 32, 88, 96, 4 * 8, 2 * 8, false), shapesOf(f.tensors()));
    }

    @Test
    void stories260kHasTheDocumentedTensors() throws IOException {
        SafetensorsFile f = read("stories260k");
        assertEquals(llamaShapes(5, 64, 172, 512, 8 * 8, 4 * 8, true), shapesOf(f.tensors()));
    }

    /** The tensors come back in header order, which in these files is sorted-name order. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "stories260k"})
    void keepsHeaderOrder(String model) throws IOException {
        List<String> names = new ArrayList<>(read(model).tensors().keySet());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(SafetensorsWriter.NAME_ORDER);
        assertEquals(sorted, names);
        List<String> headerNames = SafetensorsReader.readHeader(fixture(model).resolve("model.safetensors"))
                .tensors().stream().map(SafetensorsReader.TensorInfo::name).toList();
        assertEquals(names, headerNames);
    }

    /**
     * An independent check of the float decoding: the converted embedding must equal, bit for bit, the first
     * array of llama2.c's original checkpoint (seven int32 then float32 [V, dim]; the embedding is not permuted).
     */
    @Test
    void stories260kEmbeddingMatchesTheOriginalLlama2cFile() throws IOException {
        ByteBuffer bin = ByteBuffer.wrap(Files.readAllBytes(fixture("stories260k").resolve("original/stories260K.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int dim = bin.getInt(0);
        int vocab = bin.getInt(20);
        float[] expected = new float[dim * vocab];
        bin.position(28);
        bin.asFloatBuffer().get(expected);
        float[] actual = read("stories260k").tensors().get("model.embed_tokens.weight").data();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }

    /** Our writer reproduces each fixture byte for byte: same key order, offsets, padding and data. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "stories260k"})
    void writerReproducesFixtureBytes(String model, @TempDir Path dir) throws IOException {
        Path original = fixture(model).resolve("model.safetensors");
        SafetensorsFile f = SafetensorsReader.read(original);
        Path copy = dir.resolve("model.safetensors");
        SafetensorsWriter.write(copy, f.tensors(), f.metadata(), DType.F32);
        assertEquals(-1L, Files.mismatch(original, copy), "first differing byte");
        // Also from a map in another order: the writer sorts, so the result is the same.
        LinkedHashMap<String, Tensor> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(f.tensors().keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.put(names.get(i), f.tensors().get(names.get(i)));
        }
        SafetensorsWriter.write(copy, reversed);
        assertEquals(-1L, Files.mismatch(original, copy));
    }

    @Test
    void fixtureFolderLoadsThroughHfWeights() throws IOException {
        Map<String, Tensor> all = HfWeights.loadFolder(fixture("tiny-gpt2"));
        assertEquals(28, all.size());
        assertFalse(all.containsKey("lm_head.weight"));
        assertArrayEquals(new long[] {96, 32}, all.get("transformer.wte.weight").shape());
        assertTrue(all.get("transformer.h.1.ln_2.weight").equals(read("tiny-gpt2").tensors()
                .get("transformer.h.1.ln_2.weight")));
    }
}
