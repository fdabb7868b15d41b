package org.preflab.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.preflab.engine.io.SafetensorsTestFiles.fixture;
import static org.preflab.engine.io.SafetensorsTestFiles.map;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link HfWeights}: single-file and sharded model folders. */
class SafetensorsShardedTest {
    @TempDir
    Path dir;

    private static LinkedHashMap<String, Tensor> llama() throws IOException {
        return SafetensorsReader.read(fixture("tiny-llama").resolve("model.safetensors")).tensors();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertFails(Executable load, String... parts) {
        SafetensorsException e = assertThrows(SafetensorsException.class, load);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    @Test
    void shardedSaveLoadsEqualToSingleFile() throws IOException {
        LinkedHashMap<String, Tensor> weights = llama();
        Path single = dir.resolve("single");
        Path sharded = dir.resolve("sharded");
        assertEquals(List.of(single.resolve("model.safetensors")),
                HfWeights.saveFolder(single, weights, Long.MAX_VALUE));
        // 119 KB of data in shards of at most 40 000 bytes (lm_head and embed_tokens are 12 288 bytes each).
        List<Path> written = HfWeights.saveFolder(sharded, weights, 40_000);
        int n = written.size() - 1;
        assertTrue(n >= 3, "shards: " + n);
        assertEquals(sharded.resolve("model.safetensors.index.json"), written.get(n));
        for (int i = 0; i < n; i++) {
            Path shard = written.get(i);
            assertEquals(String.format("model-%05d-of-%05d.safetensors", i + 1, n), shard.getFileName().toString());
            long data = 0;
            for (SafetensorsReader.TensorInfo t : SafetensorsReader.readHeader(shard).tensors()) {
                data += t.end() - t.begin();
            }
            assertTrue(data <= 40_000, shard + " holds " + data);
        }
        Map<String, Tensor> fromSingle = HfWeights.loadFolder(single);
        Map<String, Tensor> fromShards = HfWeights.loadFolder(sharded);
        assertEquals(new ArrayList<>(fromSingle.keySet()), new ArrayList<>(fromShards.keySet()));
        assertEquals(fromSingle, fromShards);
        assertEquals(weights, fromShards);
        // The single file is byte-identical to the fixture, since the fixture was written the same way.
        assertEquals(-1L, Files.mismatch(fixture("tiny-llama").resolve("model.safetensors"),
                single.resolve("model.safetensors")));
    }

    @Test
    void indexIsWrittenLikeTransformersWritesIt() throws IOException {
        Tensor a = new Tensor("a", new long[] {2}, new float[] {1, 2});
        Tensor b = new Tensor("b", new long[] {3}, new float[] {3, 4, 5});
        HfWeights.saveFolder(dir, map(b, a), 8);
        String expected = """
                {
                  "metadata": {
                    "total_size": 20
                  },
                  "weight_map": {
                    "a": "model-00001-of-00002.safetensors",
                    "b": "model-00002-of-00002.safetensors"
                  }
                }
                """;
        assertEquals(expected, Files.readString(dir.resolve("model.safetensors.index.json")));
        assertEquals(Map.of("a", a, "b", b), HfWeights.loadFolder(dir));
    }

    @Test
    void tensorLargerThanAShardGetsItsOwnShard() throws IOException {
        Tensor big = new Tensor("big", new long[] {10}, new float[10]);
        Tensor s1 = new Tensor("a", new long[] {1}, new float[] {1});
        Tensor s2 = new Tensor("c", new long[] {1}, new float[] {2});
        List<Path> written = HfWeights.saveFolder(dir, map(s1, big, s2), 8);
        assertEquals(4, written.size()); // "a" | "big" | "c" in name order, each alone, plus the index
        assertEquals(List.of("big"), List.copyOf(SafetensorsReader.read(written.get(1)).tensors().keySet()));
        assertEquals(map(s1, big, s2), HfWeights.loadFolder(dir));
    }

    @Test
    void savingReplacesTheOtherLayoutAndKeepsOtherFiles() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        LinkedHashMap<String, Tensor> weights = llama();
        HfWeights.saveFolder(dir, weights, Long.MAX_VALUE);
        HfWeights.saveFolder(dir, weights, 50_000);
        // The old model.safetensors is gone: it would shadow the new index when loading.
        assertEquals(List.of("config.json", "model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors", "model.safetensors.index.json"), files());
        HfWeights.saveFolder(dir, weights, 30_000, DType.BF16); // BF16 halves the bytes: fewer, larger shards
        assertFalse(files().contains("model-00003-of-00003.safetensors"));
        assertEquals("BF16", SafetensorsReader.readHeader(dir.resolve("model-00001-of-00002.safetensors"))
                .tensors().get(0).dtype());
        HfWeights.saveFolder(dir, weights, Long.MAX_VALUE);
        assertEquals(List.of("config.json", "model.safetensors"), files());
        assertEquals(weights, HfWeights.loadFolder(dir));
    }

    @Test
    void nameFilterAppliesToShards() throws IOException {
        HfWeights.saveFolder(dir, llama(), 40_000);
        Map<String, Tensor> noHead = HfWeights.loadFolder(dir, name -> !name.equals("lm_head.weight"));
        assertEquals(llama().size() - 1, noHead.size());
        assertFalse(noHead.containsKey("lm_head.weight"));
    }

    @Test
    void missingShardNamesTheIndexAndATensor() throws IOException {
        Path second = HfWeights.saveFolder(dir, llama(), 40_000).get(1);
        Files.delete(second);
        assertFails(() -> HfWeights.loadFolder(dir), "model.safetensors.index.json",
                "'" + second.getFileName() + "'", "does not exist", "tensor 'model.layers.");
    }

    @Test
    void tensorAbsentFromItsShardNamesTheIndexAndTheTensor() throws IOException {
        String first = HfWeights.saveFolder(dir, llama(), 40_000).get(0).getFileName().toString();
        Path index = dir.resolve("model.safetensors.index.json");
        String json = Files.readString(index).replace("\"weight_map\": {",
                "\"weight_map\": {\n    \"extra.weight\": \"" + first + "\",");
        Files.writeString(index, json);
        assertFails(() -> HfWeights.loadFolder(dir), "model.safetensors.index.json", "tensor 'extra.weight'",
                "'" + first + "'", "does not contain it");
    }

    @Test
    void badIndexesAndEmptyFolders() throws IOException {
        assertFails(() -> HfWeights.loadFolder(dir), dir.toString(), "no model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\": {\"w\": \"../elsewhere.safetensors\"}}");
        assertFails(() -> HfWeights.loadFolder(dir), "model.safetensors.index.json", "tensor 'w'",
                "not a file name in this folder");
        Files.writeString(index, "{\"metadata\": {}}");
        assertFails(() -> HfWeights.loadFolder(dir), "model.safetensors.index.json", "weight_map");
        Files.writeString(index, "{\"weight_map\": ", StandardCharsets.UTF_8);
        assertFails(() -> HfWeights.loadFolder(dir), "model.safetensors.index.json", "not valid JSON");
    }

    @Test
    void corruptShardIsNamedByItsOwnPath() throws IOException {
        List<Path> written = HfWeights.saveFolder(dir, llama(), 40_000);
        Path shard = written.get(written.size() - 2);
        Files.write(shard, new byte[] {1, 2});
        assertFails(() -> HfWeights.loadFolder(dir), shard.toString(), "too short");
    }
}
