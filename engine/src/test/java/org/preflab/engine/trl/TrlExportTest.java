package org.preflab.engine.trl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.trl.TrlRunReader;

/** The bundled DPO sample exported as a TRL folder. */
class TrlExportTest {
    static final Path SAMPLE = Path.of("..", "sample-projects", "tinystories-dpo").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    @Test
    void exportsTheSampleAsATrlFolder() throws Exception {
        RunConfig cfg = TrlExport.load(SAMPLE);
        assertEquals(SAMPLE.resolve("trl").resolve("tinystories-dpo"), TrlExport.defaultFolder(SAMPLE, cfg));
        TrlExport.Result r = TrlExport.write(SAMPLE, cfg, tmp, TrlExportOptions.defaults());
        for (String f : List.of("dpo_config.yaml", "train.jsonl", "eval.jsonl", "train_dpo.py", "launch.sh",
                "accelerate_config.yaml", "MAPPING.md", TrlRunReader.EXPORT_INFO)) {
            assertTrue(Files.isRegularFile(tmp.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(tmp.resolve("launch.sh")));
        // 64 pairs, eval_fraction 0.125: the same 8 held out as PrefLab's run holds out
        assertEquals(56, r.trainPairs());
        assertEquals(8, r.evalPairs());
        List<String> train = Files.readAllLines(tmp.resolve("train.jsonl"));
        assertEquals(56, train.size());
        JsonNode first = JSON.readTree(train.get(0));
        assertEquals(List.of("prompt", "chosen", "rejected"), iterable(first));
        Map<String, String> f = DpoConfigMappingTest.fields(Files.readString(tmp.resolve("dpo_config.yaml")));
        assertEquals("\"" + SAMPLE.resolve("model") + "\"", f.get("model_name_or_path"));
        assertEquals("\"tinystories-dpo-trl\"", f.get("output_dir"));
        assertEquals("true", f.get("precompute_ref_log_probs"));
        assertEquals(tmp.resolve("tinystories-dpo-trl"), r.outputDir());
        JsonNode info = JSON.readTree(tmp.resolve(TrlRunReader.EXPORT_INFO).toFile());
        assertEquals("tinystories-dpo", info.path("experiment").path("name").asText());
        assertEquals(56, info.path("data").path("data/train_pairs").asInt());
        assertTrue(Files.readString(tmp.resolve("train_dpo.py")).contains("TrlParser((ExportArguments, DPOConfig))"));
    }

    @Test
    void sameOrderWritesPrefLabsFirstEpochOrder() throws Exception {
        RunConfig cfg = TrlExport.load(SAMPLE.resolve("experiment.json"));
        TrlExport.write(SAMPLE, cfg, tmp.resolve("a"), TrlExportOptions.defaults());
        TrlExport.write(SAMPLE, cfg, tmp.resolve("b"), new TrlExportOptions(0, null, true, false));
        List<String> fileOrder = Files.readAllLines(tmp.resolve("a/train.jsonl"));
        List<String> runOrder = Files.readAllLines(tmp.resolve("b/train.jsonl"));
        assertNotEquals(fileOrder, runOrder);
        assertEquals(new java.util.HashSet<>(fileOrder), new java.util.HashSet<>(runOrder));
        int[] order = new org.preflab.engine.train.DataOrder(56, 42, 0, 0).nextBatch(56);
        assertEquals(fileOrder.get(order[0]), runOrder.get(0));
        assertEquals(fileOrder.get(order[55]), runOrder.get(55));
        String yaml = Files.readString(tmp.resolve("b/dpo_config.yaml"));
        assertTrue(yaml.contains("train_sampling_strategy: \"sequential\""));
        assertTrue(yaml.contains("use_cpu: true"));
    }

    @Test
    void conversationsAreExportedAsGivenForTrlToRenderAndTheSplitIsPrefLabs() throws Exception {
        Path shared = Path.of(System.getProperty("preflab.shared"), "fixtures");
        Path model = Files.createDirectories(tmp.resolve("chat-model"));
        Files.copy(shared.resolve("stories260k/tokenizer.json"), model.resolve("tokenizer.json"));
        Files.copy(shared.resolve("stories260k/config.json"), model.resolve("config.json"));
        Files.copy(shared.resolve("chat-templates/chatml/tokenizer_config.json"), model.resolve("tokenizer_config.json"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append("{\"prompt\": [{\"role\": \"user\", \"content\": \"Hi ").append(i).append("\"}], "
                    + "\"chosen\": [{\"role\": \"assistant\", \"content\": \"Hello!\"}], \"rejected\": "
                    + "[{\"role\": \"assistant\", \"content\": \"Go away.\"}]}\n");
        }
        Files.writeString(tmp.resolve("chat.jsonl"), lines);
        Path exp = tmp.resolve("experiment.json");
        Files.writeString(exp, "{\"name\": \"chat\", \"method\": \"dpo\", \"model\": \"chat-model\", \"data\": "
                + "{\"train\": \"chat.jsonl\", \"eval_fraction\": 0.2}, \"train\": {\"seed\": 7}}");
        TrlExport.Result r = TrlExport.write(exp, TrlExport.load(exp), tmp.resolve("out"), TrlExportOptions.defaults());
        assertEquals(8, r.trainPairs());
        List<String> eval = Files.readAllLines(tmp.resolve("out/eval.jsonl"));
        assertEquals(2, eval.size());
        JsonNode e0 = JSON.readTree(eval.get(0));
        assertEquals("user", e0.path("prompt").path(0).path("role").asText(), "a conversation stays one");
        // the same two records PrefLab's seeded split holds out
        List<String> all = Files.readAllLines(tmp.resolve("chat.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l).toString();
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).toList();
        List<String> held = org.preflab.engine.data.DatasetSplit.byFraction(all, 0.2, 7).eval();
        assertEquals(held, eval.stream().map(l -> {
            try {
                return JSON.readTree(l).toString();
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).toList());
    }

    @Test
    void theDocumentedMappingIsTheOneTheExportUses() throws Exception {
        Path doc = Path.of("..", "docs", "trl-mapping.md");
        if (Boolean.getBoolean("preflab.docs.update")) {
            Files.writeString(doc, TrlMappingDoc.markdown(), StandardCharsets.UTF_8);
        }
        assertEquals(TrlMappingDoc.markdown(), Files.readString(doc), "docs/trl-mapping.md is out of date: rerun "
                + "this test with -Dpreflab.docs.update=true");
    }

    private static List<String> iterable(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
