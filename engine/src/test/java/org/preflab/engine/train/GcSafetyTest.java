package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

/**
 * Training must not depend on when the JVM collects garbage. DJL frees the scalar of {@code x.mul(number)} right after
 * the op while autograd still holds it; before PrefLab routed such numbers through Scalars, a collection between
 * forward and backward changed the gradients. This runs the same steps quietly and under constant System.gc().
 */
class GcSafetyTest {
    static <T> T withGcPressure(java.util.concurrent.Callable<T> work) throws Exception {
        Thread gc = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        gc.setDaemon(true);
        gc.start();
        try {
            return work.call();
        } finally {
            gc.interrupt();
        }
    }

    private static List<Double> train(String model) throws Exception {
        List<Double> out = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model(model, root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, TrainerTest.config(2, 4), new SftObjective(0),
                        TrainerTest.copyTask(12, 96, 4), root)) {
            for (int i = 0; i < 4; i++) {
                StepMetrics m = t.step();
                out.add(m.get("loss"));
                out.add(m.get("grad_norm"));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void gradientsDoNotDependOnGarbageCollection(String model) throws Exception {
        List<Double> quiet = train(model);
        assertEquals(quiet, withGcPressure(() -> train(model)));
    }
}
