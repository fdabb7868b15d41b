package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluation;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;
import org.preflab.engine.loss.PreferenceLosses;

/** Every variant's gradient is the same with the garbage collector running constantly (see Scalars). */
class LossGcSafetyTest {
    static <T> T withGcPressure(java.util.concurrent.Callable<T> work) throws Exception {
        Thread gc = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(0, 200_000);
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

    @Test
    void everyVariantIsGcSafe() throws Exception {
        PreferenceLosses registry = PreferenceLosses.load();
        PairLogps logps = new PairLogps(new double[] {-10, -21, -7.5, -30}, new double[] {-12, -19.5, -9, -28},
                new double[] {-10.5, -20, -8, -29}, new double[] {-11, -20, -8.5, -29.5}, new double[] {4, 6, 3, 9},
                new double[] {5, 2, 3, 8});
        for (String id : registry.ids()) {
            double eps = id.equals("exo_pair") ? 1e-3 : 0.1;
            CombinedLoss loss = CombinedLoss.of(registry, List.of(id), List.of(1.7));
            LossEvaluation quiet = LossEvaluator.evaluateOnce(loss, logps, 0.3, eps, 0.05);
            for (int round = 0; round < 20; round++) {
                LossEvaluation noisy = withGcPressure(() -> LossEvaluator.evaluateOnce(loss, logps, 0.3, eps, 0.05));
                assertArrayEquals(quiet.gradPolicyChosen(), noisy.gradPolicyChosen(), id);
                assertArrayEquals(quiet.gradPolicyRejected(), noisy.gradPolicyRejected(), id);
            }
        }
    }
}
