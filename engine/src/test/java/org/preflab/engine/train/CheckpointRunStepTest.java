package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-stage runs restart the folder step each stage: newest and oldest go by the step in the whole run. */
class CheckpointRunStepTest {
    @TempDir Path root;

    @Test
    void pruneKeepsTheNewestByRunStepNotByFolderName() throws Exception {
        stage("step-000005", 0); // the end of a 5-step stage 0
        stage("step-000001", 5); // steps 6 and 7: stage 1
        stage("step-000002", 5);
        assertEquals(7, Checkpoints.runStep(root.resolve("step-000002")));
        Checkpoints.prune(root, 2);
        assertFalse(Files.exists(root.resolve("step-000005")), "the run's oldest goes, though its name is highest");
        assertTrue(Files.exists(root.resolve("step-000001")) && Files.exists(root.resolve("step-000002")));
    }

    @Test
    void aCheckpointWithoutRunStateIsItsFolderStep() throws Exception {
        Files.createDirectories(root.resolve("step-000004"));
        assertEquals(4, Checkpoints.runStep(root.resolve("step-000004")));
    }

    private void stage(String name, int offset) throws Exception {
        Path d = Files.createDirectories(root.resolve(name));
        Files.writeString(d.resolve(Checkpoints.RUN_STATE_FILE), "{\"stage\": 0, \"step_offset\": " + offset + "}");
    }
}
