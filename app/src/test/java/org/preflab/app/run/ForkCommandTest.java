package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.cli.CliRun;
import org.preflab.engine.run.RunConfig;

/** preflab fork: a finished run continued with changed settings from its newest checkpoint. */
class ForkCommandTest {
    @TempDir Path tmp;

    @Test
    void forksWithChangedSettingsAndResumes() throws Exception {
        ObjectNode cfg = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 8, 7), 4);
        Path parent = PreferenceRunTest.run(RunFixtures.write(tmp, cfg));

        CliRun fork = CliRun.of("fork", parent.toString(), "--set", "train.max_steps=6", "--set", "dpo.beta=0.3");
        assertEquals(0, fork.code(), fork.err());
        Path child = Path.of(fork.out().lines().findFirst().orElseThrow().replace("forked into ", ""));
        RunConfig changed = RunConfig.load(child.resolve("config.json"));
        assertEquals(6, changed.train().maxSteps());
        assertEquals(0.3, changed.dpo().beta());

        CliRun resume = CliRun.of("resume", child.toString());
        assertEquals(0, resume.code(), resume.err());
        assertEquals(6, RunFixtures.trainingRows(child).size(), "4 carried over, 2 new");
        assertEquals(RunFixtures.trainingRows(parent), RunFixtures.trainingRows(child).subList(0, 4));

        CliRun bad = CliRun.of("fork", parent.toString(), "--set", "train.lerning_rate=1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown key 'lerning_rate'"), bad.err());
        CliRun badValue = CliRun.of("fork", parent.toString(), "--set", "dpo.beta=-1");
        assertTrue(badValue.err().contains("dpo.beta = -1.0 is invalid"), badValue.err());
    }
}
