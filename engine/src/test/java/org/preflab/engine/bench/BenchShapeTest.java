package org.preflab.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.model.ModelFamily;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.testing.Fixtures;

/** The benchmark's shapes users train: the real sizes match TRL's models, and a reduced copy runs one step. */
class BenchShapeTest {
    /** Tiny sequence lengths; the model settings are the real workloads file's. */
    private static final String WORKLOADS = """
            {"model": {"family": "gpt2", "vocab": 4096, "context": 256, "d_model": 256, "n_layer": 4, "n_head": 4,
                       "tied_embeddings": true},
             "dpo_step": {"pairs": 8, "prompt_len": 4, "completion_len": 5, "beta": 0.1, "optimizer": "adamw",
                          "lr": 1e-4, "grad_clip": 1.0, "steps": 20},
             "generate": {"prompts": 2, "prompt_len": 4, "new_tokens": 3, "temperature": 1.0, "repeats": 3}}
            """;

    @Test
    void realShapesHaveTheParameterCountsOfMakeCasesModels(@TempDir Path tmp) throws Exception {
        Path file = write(tmp);
        JsonNode w = Benchmark.read(file);
        // transformers' num_parameters of make_case.py's configs (tied heads, vocabulary 4096)
        assertEquals(88_398_336L, BenchShape.of("gpt2-small", file, w).model().parameterCount());
        BenchShape llama = BenchShape.of("llama-135m", file, w);
        assertEquals(108_562_752L, llama.model().parameterCount());
        assertEquals(ModelFamily.LLAMA, llama.model().family());
        assertEquals(3, llama.model().kvHeads());
        assertEquals(8, BenchShape.of("bench", file, w).pairs());
        assertThrows(IllegalArgumentException.class, () -> BenchShape.of("gpt3", file, w));
    }

    @Test
    void reducedShapesRunOneDpoStepAndSampling(@TempDir Path tmp) throws Exception {
        Path file = write(tmp);
        JsonNode w = Benchmark.read(file);
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager()) {
            for (String name : List.of("gpt2-small", "llama-135m")) {
                BenchShape shape = BenchShape.of(name, file, w).reduced(1, 1);
                List<Map<String, Object>> rows = Benchmark.run(file, shape, Benchmark.WORKLOADS, root);
                assertEquals(2, rows.size(), name);
                for (Map<String, Object> r : rows) {
                    assertEquals(name, r.get("shape"));
                    assertTrue((Double) r.get("tokens_per_s") > 0, r.toString());
                    assertTrue((Long) r.get("peak_rss_mb") > 0, r.toString());
                }
                assertEquals("dpo_step", rows.get(0).get("workload"));
                assertEquals(2, rows.get(0).get("batch"));
            }
        }
    }

    @Test
    void aModelFolderReplacesTheRandomWeights(@TempDir Path tmp) throws Exception {
        Path file = write(tmp);
        JsonNode w = Benchmark.read(file);
        DjlRuntime.engine();
        BenchShape shape = BenchShape.of("llama-135m", file, w).withModel(Fixtures.fixture("tiny-llama")).withRuns(1, 1);
        assertEquals("llama-135m@tiny-llama", shape.name());
        assertEquals(2, shape.pairs(), "the batch of --shape");
        try (NDManager root = NDManager.newBaseManager()) {
            try (var lm = shape.build(root); var golden = Fixtures.model("tiny-llama", root)) {
                assertEquals(golden.config().hidden(), lm.config().hidden());
                String name = "model.layers.0.mlp.up_proj.weight";
                org.junit.jupiter.api.Assertions.assertArrayEquals(golden.parameters().get(name).toFloatArray(),
                        lm.parameters().get(name).toFloatArray(), "the folder's weights, not random ones");
            }
            List<Map<String, Object>> rows = Benchmark.run(file, shape, List.of("dpo_step"), root);
            assertEquals("llama-135m@tiny-llama", rows.get(0).get("shape"));
            assertTrue((Double) rows.get(0).get("tokens_per_s") > 0);
        }
    }

    private static Path write(Path tmp) throws Exception {
        Path file = tmp.resolve("workloads.json");
        Files.writeString(file, WORKLOADS);
        return file;
    }
}
