package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;

/** Runs stopped, killed, paused or forked continue exactly as if nothing had happened. */
class ResumeRunTest {
    @TempDir Path tmp;

    private ObjectNode config(int steps) throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 20, 5);
        ObjectNode cfg = RunFixtures.dpoConfig(data, steps);
        ((ObjectNode) cfg.get("data")).put("eval_fraction", 0.2);
        cfg.put("eval_every", 4);
        return cfg;
    }

    @Test
    void stoppedRunResumesToTheSameMetrics() throws Exception {
        Path cfg = RunFixtures.write(tmp, config(8));
        Path straight = PreferenceRunTest.run(cfg);
        try (EngineThread engine = new EngineThread()) {
            RunExecutor ex = RunFixtures.executor();
            Path dir = engine.call(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (m.step() == 3) {
                        ex.control().stop(); // honoured at the next boundary, after a checkpoint
                    }
                }
            }).runDir());
            assertEquals(3, RunFixtures.trainingRows(dir).size());
            assertTrue(RunFixtures.events(dir).stream().anyMatch(e -> e.contains("\"stopped\"")));
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
            assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(dir));
        }
    }

    @Test
    void killedProcessResumesToTheSameMetrics() throws Exception {
        ObjectNode c = config(14);
        ((ObjectNode) c.get("train")).put("checkpoint_every", 3);
        Path cfg = RunFixtures.write(tmp, c);
        Path straight = PreferenceRunTest.run(cfg);
        Path runs = Path.of(c.get("runs_dir").asText());
        List<Path> before = Files.list(runs).toList();
        Process p = RunFixtures.startRunProcess(cfg, tmp.resolve("child.log"));
        Path dir = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) { // kill mid-run, after the second checkpoint
            dir = Files.list(runs).filter(d -> !before.contains(d) && d.getFileName().toString().startsWith("test-dpo"))
                    .findFirst().orElse(null);
            if (dir != null && Files.exists(dir.resolve("metrics.jsonl"))
                    && RunFixtures.trainingRows(dir).size() >= 7) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child finished before it could be killed:\n" + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        int seen = RunFixtures.trainingRows(dir).size();
        assertTrue(seen < 14, "killed before the end (" + seen + " steps)");
        Path killed = dir;
        try (EngineThread engine = new EngineThread()) {
            engine.call(() -> RunFixtures.executor().resume(killed, new RunListener() {}));
        }
        assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(killed));
        assertEquals(evalRows(straight), evalRows(killed));
    }

    private static List<String> evalRows(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("metrics.jsonl")).stream().filter(l -> l.contains("eval_loss")).toList();
    }

    @Test
    void pausedRunWaitsAndForkStartsANewRunFromTheCheckpoint() throws Exception {
        Path cfg = RunFixtures.write(tmp, config(6));
        try (EngineThread engine = new EngineThread()) {
            RunExecutor ex = RunFixtures.executor();
            int[] stepsWhilePaused = {0};
            boolean[] paused = {false};
            java.util.concurrent.CountDownLatch pausedAt2 = new java.util.concurrent.CountDownLatch(1);
            var future = engine.submit(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (paused[0]) {
                        stepsWhilePaused[0]++;
                    }
                    if (m.step() == 2 && m.values().containsKey("loss")) {
                        ex.control().fork(c -> c.withTrain(c.train().withMaxSteps(4)));
                        ex.control().pause();
                        paused[0] = true;
                        pausedAt2.countDown();
                    }
                }
            }).runDir());
            assertTrue(pausedAt2.await(120, TimeUnit.SECONDS));
            Thread.sleep(1000);
            assertFalse(future.isDone(), "a paused run waits");
            paused[0] = false;
            ex.control().resume();
            Path dir = future.get(120, TimeUnit.SECONDS);
            assertEquals(0, stepsWhilePaused[0]);
            assertEquals(6, RunFixtures.trainingRows(dir).size());
            String fork = RunFixtures.events(dir).stream().filter(e -> e.contains("\"fork\"")).findFirst().orElseThrow();
            Path child = Path.of(fork.replaceAll(".*forked into (\\S+) from.*", "$1"));
            engine.call(() -> RunFixtures.executor().resume(child, new RunListener() {}));
            List<String> childRows = RunFixtures.trainingRows(child);
            assertEquals(4, childRows.size(), "2 steps carried over from the parent, 2 more with max_steps 4");
            assertEquals(RunFixtures.trainingRows(dir).subList(0, 2), childRows.subList(0, 2));
        }
    }
}
