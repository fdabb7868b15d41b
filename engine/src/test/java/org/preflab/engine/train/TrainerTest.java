package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

public class TrainerTest {
    /** A learnable task: the completion repeats the prompt. */
    public static List<ScoredSequence> copyTask(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ScoredSequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] p = r.ints(4 + r.nextInt(4), 3, vocab).asLongStream().toArray();
            out.add(new ScoredSequence(p, p.clone()));
        }
        return out;
    }

    public static TrainConfig config(int accumulation, int steps) {
        return new TrainConfig(3e-3, LrSchedule.Kind.COSINE, 2, 0.01, 0.9, 0.999, 1e-8, 1.0, 4, accumulation, 1,
                steps, 7, 0);
    }

    @Test
    void sftLearnsTheCopyTask() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("tiny-gpt2", root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, config(2, 40), new SftObjective(0),
                        copyTask(32, 96, 1), root)) {
            double first = t.step().get("loss");
            StepMetrics last = null;
            while (!t.finished()) {
                last = t.step();
            }
            assertEquals(40, last.step());
            assertTrue(last.get("loss") < first * 0.7, "loss " + first + " -> " + last.get("loss"));
            assertTrue(last.get("grad_norm") > 0);
            assertEquals(0.0, last.get("learning_rate"), 1e-5, "cosine decays to 0 at the end");
            assertTrue(last.values().containsKey("entropy"));
        }
    }

    @Test
    void memoryIsFlat() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("tiny-llama", root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, config(2, 300), new SftObjective(0),
                        copyTask(16, 96, 2), root)) {
            for (int i = 0; i < 20; i++) { // optimizer moments are created in the first step
                t.step();
            }
            int before = root.getManagedArrays().size();
            while (!t.finished()) {
                t.step();
            }
            assertEquals(before, root.getManagedArrays().size(), "managed arrays grew over 280 steps");
        }
    }
}
