package org.preflab.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;

/** Closing the workbench while a run trains stops the run at its next step, after a checkpoint: it can resume. */
class WorkbenchCloseTest {
    @TempDir Path tmp;

    @Test
    void closingStopsTrainingRunsWithACheckpointAndTheRunResumes() throws Exception {
        Path project = TestProjects.copySample(tmp);
        TestProjects.shorten(project, 40);
        Workbench wb = new Workbench(new EngineThread());
        CountDownLatch training = new CountDownLatch(2);
        RunHandle h = wb.start(project, new RunListener() {
            @Override
            public void onMetrics(StepMetrics m) {
                training.countDown();
            }
        });
        assertTrue(training.await(5, TimeUnit.MINUTES), "the run trains");
        assertEquals(1, wb.activeRuns().size());
        wb.close(); // what the window does once the user confirms
        assertEquals(RunState.STOPPED, h.outcome().get(1, TimeUnit.MINUTES).state());
        RunLog log = RunLog.open(h.runDir());
        int last = log.train().get(log.train().size() - 1).step();
        assertTrue(last < 40, "stopped early, at step " + last);
        assertTrue(Files.isDirectory(h.runDir().resolve(String.format("checkpoints/step-%06d", last))),
                "a checkpoint at the step it stopped");
        assertTrue(log.events().stream().anyMatch(e -> e.type().equals(RunEvent.STOPPED)));
        assertEquals(RunState.STOPPED, log.stateOnDisk());
        wb.engine().close();
    }
}
