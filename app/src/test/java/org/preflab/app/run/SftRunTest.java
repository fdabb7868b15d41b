package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.cli.CliRun;
import org.preflab.engine.model.ModelIO;

/** An SFT run through the command line: metrics, a loadable checkpoint, and an exact resume. */
class SftRunTest {
    @TempDir Path tmp;

    @Test
    void sftRunTrainsChecksAndResumes() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(RunFixtures.JSON.writeValueAsString(Map.of("prompt", "Once upon a time, there was a dog.",
                    "completion", " The dog liked to play in the park with a red ball number " + i + ".")));
        }
        lines.add(RunFixtures.JSON.writeValueAsString(Map.of("text", "Lily and Tom went to the park.")));
        Path data = tmp.resolve("sft.jsonl");
        Files.write(data, lines);
        ObjectNode cfg = RunFixtures.dpoConfig(data, 6);
        cfg.put("name", "test-sft");
        cfg.put("method", "sft");
        cfg.remove("dpo");
        Path config = RunFixtures.write(tmp, cfg);

        CliRun first = CliRun.of("run", config.toString());
        assertEquals(0, first.code(), first.err());
        Path dir = Path.of(first.out().lines().filter(l -> l.startsWith("run folder: ")).findFirst().orElseThrow()
                .substring("run folder: ".length()));
        List<String> rows = RunFixtures.trainingRows(dir);
        assertEquals(6, rows.size());
        JsonNode a = RunFixtures.JSON.readTree(rows.get(0));
        JsonNode b = RunFixtures.JSON.readTree(rows.get(5));
        assertTrue(b.get("loss").asDouble() < a.get("loss").asDouble(), a + " -> " + b);
        assertTrue(a.has("entropy") && a.has("grad_norm") && a.has("num_tokens"));
        try (var root = ai.djl.ndarray.NDManager.newBaseManager();
                var lm = ModelIO.load(dir.resolve("checkpoints/step-000006"), root)) {
            assertEquals(512, lm.config().vocabSize(), "a checkpoint is a loadable model folder");
        }

        // the same run resumed from its step-4 checkpoint ends the same way
        Path copy = tmp.resolve("runs/copy");
        Files.createDirectories(copy.resolve("checkpoints"));
        Files.copy(dir.resolve("config.json"), copy.resolve("config.json"));
        try (var s = Files.list(dir.resolve("checkpoints/step-000004"))) {
            Files.createDirectories(copy.resolve("checkpoints/step-000004"));
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve("checkpoints/step-000004").resolve(f.getFileName()));
            }
        }
        List<String> firstFour = Files.readAllLines(dir.resolve("metrics.jsonl")).subList(0, 5);
        Files.write(copy.resolve("metrics.jsonl"), firstFour);
        CliRun resumed = CliRun.of("resume", copy.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(rows, RunFixtures.trainingRows(copy));
    }
}
