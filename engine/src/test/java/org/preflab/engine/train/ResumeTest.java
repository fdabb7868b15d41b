package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

/** Stopping after a checkpoint and resuming gives exactly the losses of an uninterrupted run. */
class ResumeTest {
    @TempDir Path tmp;

    private static List<Double> train(Trainer<ScoredSequence> t, int steps) {
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            losses.add(t.step().get("loss"));
        }
        return losses;
    }

    @Test
    void resumedRunMatchesUninterruptedStepByStep() throws Exception {
        List<ScoredSequence> data = TrainerTest.copyTask(10, 96, 3); // 10 examples, 8 per step: epochs roll over
        TrainConfig cfg = TrainerTest.config(2, 8);
        List<Double> straight;
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = ModelIO.load(Fixtures.fixture("tiny-llama"), root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, cfg, new SftObjective(0), data, root)) {
            straight = train(t, 8);
        }
        List<Double> resumed;
        Path ckpts = tmp.resolve("checkpoints");
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = ModelIO.load(Fixtures.fixture("tiny-llama"), root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, cfg, new SftObjective(0), data, root)) {
            resumed = train(t, 3);
            Checkpoints.save(t, ckpts, Fixtures.fixture("tiny-llama"));
            train(t, 1); // work after the checkpoint that a crash would lose
        }
        Files.createDirectories(ckpts.resolve(".partial-step-4-123")); // a checkpoint killed mid-write
        Path latest = Checkpoints.latest(ckpts).orElseThrow();
        assertEquals(3, Checkpoints.stepOf(latest));
        assertFalse(Files.exists(ckpts.resolve(".partial-step-4-123")), "partial checkpoints are swept");
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = ModelIO.load(latest, root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, cfg, new SftObjective(0), data, root)) {
            Checkpoints.restore(t, latest);
            resumed.addAll(train(t, 5));
            assertTrue(t.finished());
        }
        assertEquals(straight, resumed, "losses step by step");
    }
}
