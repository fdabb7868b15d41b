package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import com.fasterxml.jackson.databind.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.runtime.DjlRuntime;

class QuickGoldenTest {
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "stories260k"})
    void logitsMatch(String name) throws Exception {
        DjlRuntime.engine();
        Path dir = Path.of(System.getProperty("preflab.shared"), "fixtures", name);
        ModelConfig cfg = ModelConfig.load(dir);
        NDManager root = NDManager.newBaseManager();
        NDManager mm = root.newSubManager();
        NDList list;
        try (InputStream in = Files.newInputStream(dir.resolve("model.safetensors"))) {
            list = NDList.decode(mm, in);
        }
        LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
        var layout = ParameterLayout.of(cfg);
        for (NDArray a : list) {
            String n = ParameterLayout.canonicalName(cfg, a.getName(), layout);
            if (n != null) params.put(n, a);
        }
        JsonNode g = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        try (TransformerLM lm = new TransformerLM(cfg, mm, params)) {
            for (JsonNode c : g.get("cases")) {
                if (!c.has("logits")) continue;
                long[] ids = new ObjectMapper().convertValue(c.get("input_ids"), long[].class);
                try (NDManager step = root.newSubManager()) {
                    NDArray x = step.create(ids, new Shape(1, ids.length));
                    float[] out = lm.forward(x).toFloatArray();
                    int v = cfg.vocabSize();
                    double max = 0;
                    for (int t = 0; t < ids.length; t++)
                        for (int j = 0; j < v; j++)
                            max = Math.max(max, Math.abs(out[t * v + j] - c.get("logits").get(t).get(j).asDouble()));
                    System.out.println(name + " " + c.get("name").asText() + " max diff " + max);
                    assertTrue(max < 1e-4, "max diff " + max);
                }
            }
        }
        root.close();
    }
}
