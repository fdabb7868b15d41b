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
}
