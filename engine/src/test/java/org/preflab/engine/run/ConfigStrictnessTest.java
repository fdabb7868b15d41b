package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiment.json means what it says: no quoted numbers, no truncated decimals, no key given twice, no NaN. */
class ConfigStrictnessTest {
    @TempDir Path dir;

    private String error(String train) throws IOException {
        Path f = dir.resolve("experiment.json");
        Files.writeString(f, "{\"name\": \"x\", \"model\": \"m\", \"data\": {\"train\": \"t.jsonl\"},\n \"train\": "
                + train + "}\n");
        return assertThrows(IOException.class, () -> RunConfig.load(f)).getMessage();
    }

    @Test
    void aQuotedNumberIsAnErrorNamingTheField() throws IOException {
        String m = error("{\"learning_rate\": \"0.001\"}");
        assertTrue(m.contains("line 2") && m.contains("learning_rate") && m.contains("\"0.001\""), m);
    }

    @Test
    void aDecimalForAnIntegerIsAnError() throws IOException {
        String m = error("{\"micro_batch_size\": 2.5}");
        assertTrue(m.contains("micro_batch_size") && m.contains("2.5"), m);
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws IOException {
        String m = error("{\"learning_rate\": 0.1, \"learning_rate\": 0.2}");
        assertTrue(m.contains("learning_rate") && m.toLowerCase().contains("duplicate"), m);
    }

    @Test
    void aNonFiniteWeightDecayIsAnError() throws IOException {
        String m = error("{\"weight_decay\": 1e999}");
        assertTrue(m.contains("weight_decay") && m.contains("finite"), m);
    }
}
