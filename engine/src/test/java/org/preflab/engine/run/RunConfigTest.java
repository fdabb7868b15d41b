package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
    @TempDir Path tmp;

    private IOException failing(String json) throws IOException {
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, json);
        return assertThrows(IOException.class, () -> RunConfig.load(f));
    }

    @Test
    void minimalConfigTakesDefaults() throws IOException {
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, "{\"name\": \"x\", \"method\": \"dpo\", \"model\": \"m\", \"data\": {\"train\": \"p.jsonl\"}}");
        RunConfig c = RunConfig.load(f);
        assertEquals(0.1, c.dpo().beta());
        assertEquals(java.util.List.of("sigmoid"), c.dpo().lossType());
        assertEquals("precomputed", c.dpo().reference());
        assertEquals(512, c.data().maxLength());
        assertEquals(42, c.train().seed());
        assertEquals("runs", c.runsDir());
    }

    @Test
    void chatTemplateLimitsAreDataSettingsThatSurvivePathResolution() throws IOException {
        RunConfig c = RunConfig.fromTree(ConfigJson.JSON.readTree("{\"name\": \"x\", \"method\": \"dpo\", \"model\":"
                + " \"m\", \"data\": {\"train\": \"p\", \"template_time_limit_s\": 2.5, \"template_max_output\": 5000}}"));
        assertEquals(new org.preflab.engine.data.chat.RenderLimits(2.5, 5000), c.data().templateLimits());
        assertEquals(c.data().templateLimits(), RunExecutor.resolvePaths(c, tmp).data().templateLimits());
        assertTrue(failing("{\"name\": \"x\", \"model\": \"m\", \"data\": {\"train\": \"p\","
                + " \"template_time_limit_s\": 0}}").getMessage().contains("data.template_time_limit_s = 0.0 is invalid"));
    }

    @Test
    void aDpoRunsOracleJudgesNewCompletionsAndBringsTheWinRateDefaults() throws IOException {
        String head = "{\"name\": \"x\", \"method\": \"dpo\", \"model\": \"m\", \"data\": {\"train\": \"p\"}";
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, head + ", \"oracle\": {\"type\": \"rules\", \"rules\": [\"sentiment\"]}}");
        RunConfig c = RunConfig.load(f);
        assertEquals(org.preflab.engine.winrate.WinRateSettings.defaults(), c.winrate());
        assertNull(RunConfig.load(write(head + "}")).oracle(), "no oracle, no win rate");
        assertTrue(failing(head + ", \"winrate\": {\"max_prompts\": 8}}").getMessage()
                .contains("needs an \"oracle\" section that judges new completions"));
        assertTrue(failing(head + ", \"oracle\": {\"type\": \"dataset\"}}").getMessage()
                .contains("oracle.type \"dataset\" cannot judge the win rate of a dpo run"));
        assertTrue(failing(head.replace("dpo", "sft") + ", \"oracle\": {\"type\": \"rules\", \"rules\": [\"length\"]}}")
                .getMessage().contains("need method dpo, sdpo, apl or spa, not sft"));
    }

    private Path write(String json) throws IOException {
        Path f = tmp.resolve("other.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void unknownKeyIsQuotedWithItsLine() throws IOException {
        IOException e = failing("{\"name\": \"x\",\n \"model\": \"m\",\n \"data\": {\"train\": \"p\"},\n \"lerning_rate\": 1}");
        assertTrue(e.getMessage().contains("experiment.json: line 4: unknown key 'lerning_rate'"), e.getMessage());
    }

    @Test
    void badValuesAreQuoted() throws IOException {
        assertTrue(failing("{\"name\": \"x\", \"model\": \"m\", \"data\": {\"train\": \"p\"}, \"train\": {\"learning_rate\": -1}}")
                .getMessage().contains("learning_rate = -1.0 is invalid"));
        assertTrue(failing("{\"name\": \"x\", \"method\": \"ppo\", \"model\": \"m\", \"data\": {\"train\": \"p\"}}")
                .getMessage().contains("method = 'ppo' is not known"));
        assertTrue(failing("{\"name\": \"x\", \"method\": \"dpo\", \"model\": \"m\", \"data\": {\"train\": \"p\"},"
                + " \"dpo\": {\"beta\": 0}}").getMessage().contains("dpo.beta = 0.0 is invalid"));
        IOException e = failing("{\"name\": \"x\", \"model\": \"m\", \"data\": {\"train\": \"p\"},"
                + " \"train\": {\"micro_batch_size\": \"eight\"}}");
        assertTrue(e.getMessage().contains("field 'train.micro_batch_size'"), e.getMessage());
        assertTrue(failing("{\"name\": \"x\", \"method\": \"sdpo\", \"model\": \"m\", \"data\": {\"train\": \"p\"},"
                + " \"sdpo\": {\"partition\": \"RANDOM\", \"steps\": 1}}").getMessage().contains("sdpo.steps = 1"));
    }

    @Test
    void fileValuesOfTheWrongKindGetTheSettingsMessage() throws IOException {
        IOException e = failing("{\"name\": \"x\", \"method\": \"dpo\", \"model\": \"m\", \"data\": {\"train\": \"p\"},\n"
                + " \"spo\": {\"classifier\": \"SVM\"}}");
        assertTrue(e.getMessage().contains("line 2: field 'spo.classifier': spo.classifier = 'SVM' is not known;"
                + " known: HIDDEN_HEAD, LOGPROB_RANK"), e.getMessage());
        e = failing("{\"name\": \"x\", \"model\": \"m\", \"data\": {\"train\": \"p\", \"max_lenght\": 64}}");
        assertTrue(e.getMessage().contains("unknown key 'max_lenght'; known keys here: train, eval, eval_fraction,"
                + " max_length, max_prompt_length, template_time_limit_s, template_max_output"), e.getMessage());
        assertTrue(failing("{\"method\": \"sft\", \"model\": \"m\", \"data\": {\"train\": \"p\"}}").getMessage()
                .contains("name is missing"));
    }

    @Test
    void overridesAreReadByTheirSettings() throws IOException {
        RunConfig c = RunConfig.fromTree(ConfigJson.JSON.readTree(
                "{\"name\": \"x\", \"method\": \"dpo\", \"model\": \"m\", \"data\": {\"train\": \"p\"}}"));
        RunConfig changed = c.with(java.util.List.of("dpo.beta=0.3", "dpo.loss_type=sigmoid,sft",
                "dpo.loss_weights=[1, 0.5]", "train.schedule=linear", "train.max_steps=7", "spo.lambda=0.2"));
        assertEquals(0.3, changed.dpo().beta());
        assertEquals(java.util.List.of("sigmoid", "sft"), changed.dpo().lossType());
        assertEquals(java.util.List.of(1.0, 0.5), changed.dpo().lossWeights());
        assertEquals(org.preflab.engine.train.LrSchedule.Kind.LINEAR, changed.train().schedule());
        assertEquals(7, changed.train().maxSteps());
        assertEquals(0.2, changed.spo().lambda());
        assertEquals(0.1, c.dpo().beta(), "the original is unchanged");

        IOException unknown = assertThrows(IOException.class, () -> c.with(java.util.List.of("train.lerning_rate=1")));
        assertTrue(unknown.getMessage().contains("unknown key 'lerning_rate'; known keys in train: learning_rate,"
                + " schedule, warmup_steps"), unknown.getMessage());
        IOException section = assertThrows(IOException.class, () -> c.with(java.util.List.of("trian.seed=1")));
        assertTrue(section.getMessage().contains("unknown section 'trian'; sections: data, train, dpo, sdpo, spo"),
                section.getMessage());
        IOException bad = assertThrows(IOException.class, () -> c.with(java.util.List.of("train.epochs=two")));
        assertEquals("--set: train.epochs = 'two' is invalid: must be an integer >= 0", bad.getMessage());
        IOException weights = assertThrows(IOException.class, () -> c.with(java.util.List.of("dpo.loss_weights=1,2")));
        assertTrue(weights.getMessage().contains("dpo.loss_weights = [1.0, 2.0] is invalid: gives 2 weights for 1"
                + " loss type [sigmoid]"), weights.getMessage());
    }

    @Test
    void savedConfigLoadsBackEqual() throws IOException {
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, "{\"name\": \"x\", \"method\": \"sdpo\", \"model\": \"m\", \"data\": {\"train\":"
                + " \"p.jsonl\", \"eval_fraction\": 0.1}, \"sdpo\": {\"partition\": \"RANDOM\", \"steps\": 2,"
                + " \"fractions\": [0.25, 0.75]}, \"spo\": {\"k\": 3}, \"train\": {\"learning_rate\": 5e-5}}");
        RunConfig c = RunConfig.load(f);
        Path saved = tmp.resolve("saved.json");
        c.save(saved);
        assertEquals(c, RunConfig.load(saved));
        String text = Files.readString(saved);
        assertFalse(text.contains("null"), "absent values are left out: " + text);
        assertTrue(text.indexOf("\"name\"") < text.indexOf("\"data\"")
                && text.indexOf("\"train\"") < text.indexOf("\"dpo\""),
                "keys in the records' order: " + text);
    }
}
