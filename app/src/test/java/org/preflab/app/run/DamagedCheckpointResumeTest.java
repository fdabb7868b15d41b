package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;

/**
 * A resume after damage: a truncated newest checkpoint is passed over for the previous complete one (with a warning),
 * and a torn last line in events.jsonl is dropped; the run still ends exactly as an uninterrupted one.
 */
class DamagedCheckpointResumeTest {
    @TempDir Path tmp;

    @Test
    void truncatedNewestCheckpointFallsBackToThePreviousOneAndTheRunEndsTheSame() throws Exception {
        ObjectNode c = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 20, 5), 8);
        ((ObjectNode) c.get("train")).put("checkpoint_every", 3);
        Path cfg = RunFixtures.write(tmp, c);
        Path straight = PreferenceRunTest.run(cfg);
        Path dir;
        try (EngineThread engine = new EngineThread()) {
            var ex = RunFixtures.executor();
            dir = engine.call(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (m.step() == 5) {
                        ex.control().stop(); // checkpoints step 5; step 3 is the one before
                    }
                }
            }).runDir());
        }
        Path newest = dir.resolve("checkpoints/step-000005/model.safetensors");
        Files.write(newest, java.util.Arrays.copyOf(Files.readAllBytes(newest), (int) Files.size(newest) / 2));
        Files.writeString(dir.resolve("events.jsonl"), "{\"time\": \"2026-01-01T00:00:00Z\", \"ty",
                StandardOpenOption.APPEND); // killed mid-append
        try (EngineThread engine = new EngineThread()) {
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
        }
        assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(dir));
        ObjectMapper json = new ObjectMapper();
        for (String line : RunFixtures.events(dir)) {
            json.readTree(line); // every line whole
        }
        String events = String.join("\n", RunFixtures.events(dir));
        assertTrue(events.contains("checkpoint step-000005 is damaged (model.safetensors has"), events);
        assertTrue(events.contains("resumed from step-000003"), events);
    }
}
