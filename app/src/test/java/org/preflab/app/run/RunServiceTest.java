package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunService;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;

/** The run API the workbench and the CLI share: handles, states, one stream to files and listeners, failures. */
class RunServiceTest {
    @TempDir Path tmp;

    /** Everything a listener hears, as "kind step" lines. */
    static final class Recording implements RunListener {
        final List<String> heard = new CopyOnWriteArrayList<>();
        volatile RunOutcome outcome;

        @Override
        public void onMetrics(StepMetrics m) {
            heard.add("train " + m.step());
        }

        @Override
        public void onEval(StepMetrics m) {
            heard.add("eval " + m.step());
        }

        @Override
        public void onDataCounts(StepMetrics c) {
            heard.add("data " + c.values().get("data/train_pairs").intValue());
        }

        @Override
        public void onEvent(RunEvent e) {
            heard.add("event " + e.type());
        }

        @Override
        public void onFinish(RunOutcome o) {
            outcome = o;
        }
    }

    @Test
    void aRunFromAnotherThreadReportsStateAndRecordsTheSameStreamItShowsListeners() throws Exception {
        ObjectNode cfg = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 16, 1), 4);
        cfg.put("eval_every", 2);
        ((ObjectNode) cfg.get("data")).put("eval_fraction", 0.25);
        Path config = RunFixtures.write(tmp, cfg);
        try (EngineThread engine = new EngineThread()) {
            RunService service = RunService.standard(engine);
            Recording rec = new Recording();
            var handle = service.start(config, rec);
            RunOutcome outcome = handle.outcome().get(120, TimeUnit.SECONDS);
            assertEquals(RunState.FINISHED, outcome.state());
            assertEquals(RunState.FINISHED, handle.state());
            assertEquals(outcome, rec.outcome);
            assertEquals(4, handle.step());
            assertEquals(4, handle.totalSteps());
            RunLog log = RunLog.open(handle.runDir());
            assertEquals(4, log.train().size());
            assertEquals(List.of(2, 4), log.evals().stream().map(StepMetrics::step).toList());
            assertEquals(12, log.dataCounts().orElseThrow().values().get("data/train_pairs").intValue());
            assertEquals(RunState.FINISHED, log.stateOnDisk());
            // the listener heard exactly what the folder holds, in the same order
            List<String> fromFiles = log.events().stream().map(e -> "event " + e.type()).toList();
            List<String> heardEvents = rec.heard.stream().filter(s -> s.startsWith("event")).toList();
            assertEquals(fromFiles, heardEvents);
            assertEquals(4, rec.heard.stream().filter(s -> s.startsWith("train")).count());
            assertTrue(rec.heard.contains("data 12"), rec.heard.toString());
            RunEvent ckpt = log.events().stream().filter(e -> e.type().equals(RunEvent.CHECKPOINT)).findFirst().orElseThrow();
            assertTrue(ckpt.detail("path").startsWith("checkpoints/step-"), ckpt.toString());
        }
    }

    @Test
    void aFailingRunReachesItsListenersAsFailedWithTheMessage() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 4, 1);
        Files.writeString(data, Files.readString(data) + "{\"prompt\": \"a\", \"chosen\": \"b\"}\n");
        Path config = RunFixtures.write(tmp, RunFixtures.dpoConfig(data, 2));
        try (EngineThread engine = new EngineThread()) {
            Recording rec = new Recording();
            var handle = RunService.standard(engine).start(config, rec);
            RunOutcome outcome = handle.outcome().get(120, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, outcome.state());
            assertNotNull(rec.outcome, "onFinish is called when a run fails");
            assertTrue(rec.outcome.message().contains("line 5: field 'rejected' is missing"), rec.outcome.message());
            assertEquals(RunState.FAILED, RunLog.open(handle.runDir()).stateOnDisk());
        }
    }

    @Test
    void aConfigErrorFailsTheHandleWithoutARunFolder() throws Exception {
        Path config = tmp.resolve("experiment.json");
        Files.writeString(config, "{\"name\": \"x\", \"model\": \"m\", \"data\": {\"train\": \"t\"}, \"bogus\": 1}");
        try (EngineThread engine = new EngineThread()) {
            var handle = RunService.standard(engine).start(config);
            RunOutcome outcome = handle.outcome().get(60, TimeUnit.SECONDS);
            assertEquals(RunState.FAILED, outcome.state());
            assertTrue(outcome.message().contains("unknown key 'bogus'"), outcome.message());
        }
    }
}
