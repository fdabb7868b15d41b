package org.preflab.engine.trl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.run.RunConfig;

class DpoConfigMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RunConfig config(String extra) throws Exception {
        return RunConfig.fromTree(JSON.readTree("{\"name\": \"x\", \"method\": \"dpo\", \"model\": \"/m\", "
                + "\"data\": {\"train\": \"/d/pairs.jsonl\", \"max_length\": 128}, \"train\": {\"learning_rate\": "
                + "0.0001, \"warmup_steps\": 3, \"micro_batch_size\": 8, \"gradient_accumulation_steps\": 2, "
                + "\"epochs\": 3, \"checkpoint_every\": 10}, \"eval_every\": 5" + extra + "}"));
    }

    /** The YAML's fields as key -> text, read the way a flat YAML file reads. */
    static Map<String, String> fields(String yaml) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : yaml.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            String v = line.substring(colon + 2);
            int hash = v.indexOf("  #");
            out.put(line.substring(0, colon), (hash < 0 ? v : v.substring(0, hash)).strip());
        }
        return out;
    }

    @Test
    void dpoSettingsBecomeDpoConfigFields() throws Exception {
        RunConfig c = config(", \"dpo\": {\"loss_type\": [\"sigmoid\", \"sft\"], \"loss_weights\": [1.0, 0.5], "
                + "\"beta\": 0.2, \"reference\": \"model\"}");
        Map<String, String> f = fields(DpoConfigMapping.yaml(DpoConfigMapping.map(c, TrlExportOptions.defaults(),
                true, "x-trl"), "experiment.json"));
        assertEquals("1.0e-4", f.get("learning_rate"));
        assertEquals("\"cosine\"", f.get("lr_scheduler_type"));
        assertEquals("3", f.get("warmup_steps"));
        assertEquals("8", f.get("per_device_train_batch_size"));
        assertEquals("2", f.get("gradient_accumulation_steps"));
        assertEquals("3", f.get("num_train_epochs"));
        assertEquals("-1", f.get("max_steps"));
        assertEquals("[\"sigmoid\", \"sft\"]", f.get("loss_type"));
        assertEquals("[1.0, 0.5]", f.get("loss_weights"));
        assertEquals("0.2", f.get("beta"));
        assertEquals("false", f.get("precompute_ref_log_probs"));
        assertEquals("128", f.get("max_length"));
        assertEquals("\"steps\"", f.get("eval_strategy"));
        assertEquals("5", f.get("eval_steps"));
        assertEquals("10", f.get("save_steps"));
        assertEquals("1", f.get("logging_steps"));
        assertEquals("\"/m\"", f.get("model_name_or_path"));
        assertEquals("\"eval.jsonl\"", f.get("eval_file"));
        assertEquals("false", f.get("bf16"));
        assertFalse(f.containsKey("use_cpu"));
    }

    @Test
    void unmappedSettingsAreListedWithTheirValues() throws Exception {
        RunConfig c = config(", \"data\": {\"train\": \"/d/p.jsonl\", \"max_prompt_length\": 64}");
        DpoConfigMapping.Result r = DpoConfigMapping.map(c, TrlExportOptions.defaults(), false, "x-trl");
        List<String> keys = r.unmapped().stream().map(DpoConfigMapping.Unmapped::key).toList();
        assertTrue(keys.containsAll(List.of("runs_dir", "data.max_prompt_length", "data.template_time_limit_s")),
                keys.toString());
        assertTrue(r.unmapped().stream().anyMatch(u -> u.key().equals("data.max_prompt_length")
                && u.value().equals("64")));
        String yaml = DpoConfigMapping.yaml(r, "e.json");
        assertTrue(yaml.contains("# UNMAPPED"));
        assertTrue(yaml.contains("#   data.max_prompt_length = 64: "));
        assertEquals("\"no\"", fields(yaml).get("eval_strategy"));
    }

    @Test
    void whatDpoTrainerCannotTrainIsRefused() throws Exception {
        IllegalArgumentException cdpo = assertThrows(IllegalArgumentException.class, () -> DpoConfigMapping.map(
                config(", \"dpo\": {\"loss_type\": [\"cdpo\"]}"), TrlExportOptions.defaults(), false, "o"));
        assertTrue(cdpo.getMessage().contains("dpo.loss_type [cdpo] has no TRL equivalent"), cdpo.getMessage());
        RunConfig apl = RunConfig.fromTree(JSON.readTree("{\"name\": \"a\", \"method\": \"apl\", \"model\": \"/m\", "
                + "\"data\": {\"train\": \"/p.jsonl\"}}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DpoConfigMapping.map(apl,
                TrlExportOptions.defaults(), false, "o")).getMessage().startsWith("method apl"));
        RunConfig sdpo = RunConfig.fromTree(JSON.readTree("{\"name\": \"s\", \"method\": \"sdpo\", \"model\": "
                + "\"/m\", \"data\": {\"train\": \"/p.jsonl\"}, \"sdpo\": {\"partition\": \"RANDOM\", \"steps\": 2}}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DpoConfigMapping.map(sdpo,
                TrlExportOptions.defaults(), false, "o")).getMessage().contains("--allow-unmapped"));
        assertTrue(DpoConfigMapping.map(sdpo, new TrlExportOptions(1, null, false, true), false, "o").unmapped()
                .stream().anyMatch(u -> u.key().equals("sdpo.partition") && u.value().equals("\"RANDOM\"")));
        RunConfig spo = config(", \"spo\": {\"lambda\": 0.1}");
        assertThrows(IllegalArgumentException.class, () -> DpoConfigMapping.map(spo, TrlExportOptions.defaults(),
                false, "o"));
        DpoConfigMapping.Result allowed = DpoConfigMapping.map(spo, new TrlExportOptions(1, null, false, true),
                false, "o");
        assertTrue(allowed.unmapped().stream().anyMatch(u -> u.key().equals("spo.lambda")
                && u.reason().contains("SPO")), allowed.unmapped().toString());
    }

    @Test
    void gpusSplitTheAccumulationSoAStepSeesTheSamePairs() throws Exception {
        Map<String, String> two = fields(DpoConfigMapping.yaml(DpoConfigMapping.map(config(""),
                new TrlExportOptions(2, "zero3", false, false), false, "o"), "e"));
        assertEquals("8", two.get("per_device_train_batch_size"));
        assertEquals("1", two.get("gradient_accumulation_steps"));
        Map<String, String> four = fields(DpoConfigMapping.yaml(DpoConfigMapping.map(config(""),
                new TrlExportOptions(4, null, false, false), false, "o"), "e"));
        assertEquals("2", four.get("per_device_train_batch_size")); // 4 GPUs x 2 x 2 = PrefLab's 8 x 2
        assertEquals("2", four.get("gradient_accumulation_steps"));
        assertTrue(fields(DpoConfigMapping.yaml(DpoConfigMapping.map(config(""), new TrlExportOptions(0, null, true,
                false), false, "o"), "e")).get("use_cpu").equals("true"));
        assertThrows(IllegalArgumentException.class, () -> new TrlExportOptions(0, "zero2", false, false));
        assertThrows(IllegalArgumentException.class, () -> new TrlExportOptions(2, "zero1", false, false));
    }

    @Test
    void floatsAreWrittenSoPyYamlReadsFloats() {
        assertEquals("1.0e-4", YamlText.floating(1e-4));
        assertEquals("1.0e-8", YamlText.floating(1e-8));
        assertEquals("0.1", YamlText.floating(0.1));
        assertEquals("3.0", YamlText.floating(3));
        assertEquals("1.0e+10", YamlText.floating(1e10));
        assertEquals("\"a\\\"b\\nc\"", YamlText.quote("a\"b\nc"));
    }

    @Test
    void accelerateConfigNamesProcessesAndZeroStage() throws Exception {
        RunConfig c = config("");
        String zero3 = AccelerateConfig.yaml(new TrlExportOptions(4, "zero3", false, false), c.train(), 1);
        assertTrue(zero3.contains("distributed_type: \"DEEPSPEED\"\n"));
        assertTrue(zero3.contains("num_processes: 4\n"));
        assertTrue(zero3.contains("  zero_stage: 3\n"));
        String cpu = AccelerateConfig.yaml(new TrlExportOptions(0, null, false, false), c.train(), 2);
        assertTrue(cpu.contains("use_cpu: true\n") && cpu.contains("distributed_type: \"NO\"\n"));
        assertTrue(AccelerateConfig.yaml(new TrlExportOptions(2, null, false, false), c.train(), 1)
                .contains("distributed_type: \"MULTI_GPU\"\n"));
    }
}
