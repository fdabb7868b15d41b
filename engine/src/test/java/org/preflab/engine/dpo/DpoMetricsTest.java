package org.preflab.engine.dpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.train.MetricNames;

/** TRL's reward metrics of a scored batch; accuracy is strict, so a tie counts as wrong. */
class DpoMetricsTest {
    @Test
    void accuracyCountsOnlyPairsWhoseChosenRewardIsStrictlyHigher() {
        try (NDManager m = DjlRuntime.newManager()) {
            // four pairs: a zero tie (policy == reference), chosen ahead, rejected ahead, a non-zero tie
            NDArray policyChosen = m.create(new float[] {-3f, -2f, -5f, -1f});
            NDArray policyRejected = m.create(new float[] {-4f, -6f, -3f, -2f});
            NDArray refChosen = m.create(new float[] {-3f, -3f, -4f, -2f});
            NDArray refRejected = m.create(new float[] {-4f, -5f, -4f, -3f});
            NDArray lengths = m.create(new float[] {2f, 2f, 2f, 2f});
            LossInputs in = LossInputs.withDefaults(policyChosen, policyRejected, refChosen, refRejected, lengths,
                    lengths);
            SequenceLogProbs lp = new SequenceLogProbs(policyChosen.concat(policyRejected),
                    m.create(new float[] {2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f}), null, null);
            Map<String, NDArray> metrics = new DpoObjective.Scored(in, lp, 4, 16).metrics();
            assertEquals(0.25f, metrics.get(MetricNames.REWARDS_ACCURACIES).getFloat(), 1e-7f, "only pair 1");
            // rewards 0.1 * (log ratio): chosen {0, 0.1, -0.1, 0.1}, rejected {0, -0.1, 0.1, 0.1}
            assertEquals(0.025f, metrics.get(MetricNames.REWARDS_CHOSEN).getFloat(), 1e-7f);
            assertEquals(0.025f, metrics.get(MetricNames.REWARDS_REJECTED).getFloat(), 1e-7f);
            assertEquals(0f, metrics.get(MetricNames.REWARDS_MARGINS).getFloat(), 1e-7f);
        }
    }
}
