package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.cli.CliRun;

/** preflab run on bad input: one line naming the file, exit 2, and no half-made run left unexplained. */
class RunCommandErrorsTest {
    @TempDir Path tmp;

    @Test
    void missingModelOrDataIsReportedBeforeAnyRunFolderExists() throws Exception {
        ObjectNode cfg = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 4, 1), 2);
        cfg.put("model", tmp.resolve("no-such-model").toString());
        CliRun r = CliRun.of("run", RunFixtures.write(tmp, cfg).toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("experiment.json: model folder not found"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        cfg = RunFixtures.dpoConfig(tmp.resolve("missing.jsonl"), 2);
        r = CliRun.of("run", RunFixtures.write(tmp, cfg).toString());
        assertTrue(r.err().contains("data file not found: " + tmp.resolve("missing.jsonl")), r.err());
        assertFalse(Files.exists(tmp.resolve("runs")), "no run folder for a config that cannot start");
    }

    @Test
    void badRecordNamesTheLineAndTheRunRecordsTheFailure() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 4, 1);
        Files.writeString(data, Files.readString(data) + "{\"prompt\": \"a\", \"chosen\": \"b\"}\n");
        CliRun r = CliRun.of("run", RunFixtures.write(tmp, RunFixtures.dpoConfig(data, 2)).toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 5: field 'rejected' is missing"), r.err());
        Path run;
        try (var s = Files.list(tmp.resolve("runs"))) {
            run = s.filter(p -> p.getFileName().toString().startsWith("test-dpo")).findFirst().orElseThrow();
        }
        assertTrue(Files.readString(run.resolve("events.jsonl")).contains("\"failed\""));
    }

    @Test
    void aRunThatPausesOnANonFiniteLossStopsHeadlessAndSaysHowToContinue() throws Exception {
        ObjectNode cfg = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 8, 6), 6);
        ((ObjectNode) cfg.get("train")).put("learning_rate", 1e30); // blows the weights up after one step
        ((ObjectNode) cfg.get("train")).put("max_grad_norm", 0);
        CliRun r = CliRun.of("run", RunFixtures.write(tmp, cfg).toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("the run paused") && r.err().contains("continue with: preflab resume "), r.err());
    }

    @Test
    void aSecondResumeOfARunBeingTrainedIsRefused() throws Exception {
        Path run = tmp.resolve("runs").resolve("busy");
        java.nio.file.Files.createDirectories(run.resolve("checkpoints"));
        java.nio.file.Files.writeString(run.resolve("config.json"), "{}");
        try (var lock = org.preflab.engine.run.RunLock.acquire(run)) {
            CliRun r = CliRun.of("resume", run.toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("already being trained"), r.err());
        }
        assertFalse(java.nio.file.Files.exists(run.resolve("events.jsonl")), "nothing written to a run in use");
    }
}
