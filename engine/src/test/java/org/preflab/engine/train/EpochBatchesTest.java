package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

/**
 * Epochs as transformers' Trainer runs them for TRL: the last micro-batch of an epoch is short, the last step of an
 * epoch takes only the micro-batches left, and a step's loss is the mean of its micro-batches' means.
 */
class EpochBatchesTest {
    @TempDir Path tmp;

    private static TrainConfig config(int microBatch, int accumulation, int epochs) {
        return new TrainConfig(3e-3, LrSchedule.Kind.CONSTANT, 0, 0.0, 0.9, 0.999, 1e-8, 1.0, microBatch,
                accumulation, epochs, 0, 7, 0);
    }

    /** Records the size of every micro-batch it is given. */
    private static final class Recording implements Objective<ScoredSequence> {
        final SftObjective sft = new SftObjective(0);
        final List<Integer> sizes = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Output compute(TransformerLM lm, List<ScoredSequence> microBatch, NDManager m) {
            sizes.add(microBatch.size());
            return sft.compute(lm, microBatch, m);
        }
    }

    @Test
    void batchesEndWithTheirEpochAndNeverMixTwoOrders() {
        DataOrder order = new DataOrder(10, 7, 0, 0);
        int[] a = order.nextBatch(4);
        int[] b = order.nextBatch(4);
        assertEquals(1, order.batchesLeftInEpoch(4));
        int[] c = order.nextBatch(4);
        assertEquals(2, c.length, "the epoch's last batch is short");
        TreeSet<Integer> epoch0 = new TreeSet<>();
        IntStream.of(a).forEach(epoch0::add);
        IntStream.of(b).forEach(epoch0::add);
        IntStream.of(c).forEach(epoch0::add);
        assertEquals(10, epoch0.size(), "one epoch visits every example once");
        assertEquals(3, order.batchesLeftInEpoch(4), "the next epoch, in full");
        assertArrayEquals(Arrays.copyOf(DataOrder.permutation(10, 7, 1), 4), order.nextBatch(4));
        assertEquals(1, order.epoch());
    }

    @Test
    void theLastStepOfAnEpochTakesOnlyTheMicroBatchesLeft() throws Exception {
        List<ScoredSequence> data = TrainerTest.copyTask(10, 96, 3);
        Recording objective = new Recording();
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = ModelIO.load(Fixtures.fixture("tiny-llama"), root);
                Trainer<ScoredSequence> t = new Trainer<>(lm, config(4, 2, 2), objective, data, root)) {
            assertEquals(4, t.totalSteps(), "ceil(ceil(10 / 4) / 2) = 2 steps per epoch");
            List<Double> epochs = new ArrayList<>();
            while (!t.finished()) {
                epochs.add(t.step().get(MetricNames.EPOCH));
            }
            assertEquals(List.of(4, 4, 2, 4, 4, 2), objective.sizes);
            assertEquals(List.of(0.8, 1.0, 1.8, 2.0), epochs);
        }
    }

    /**
     * A step of one short micro-batch is that micro-batch's mean, not halved for the accumulation it lacks: the same
     * update as a run whose micro-batch is those two examples.
     */
    @Test
    void aShortStepIsTheMeanOfItsOwnMicroBatches() throws Exception {
        List<ScoredSequence> data = TrainerTest.copyTask(2, 96, 5);
        float[][] after = new float[2][];
        TrainConfig[] configs = {config(4, 2, 1), config(2, 1, 1)};
        for (int i = 0; i < 2; i++) {
            try (NDManager root = NDManager.newBaseManager();
                    TransformerLM lm = ModelIO.load(Fixtures.fixture("tiny-llama"), root);
                    Trainer<ScoredSequence> t = new Trainer<>(lm, configs[i], new SftObjective(0), data, root)) {
                assertEquals(1, t.totalSteps());
                t.step();
                assertTrue(t.finished());
                after[i] = lm.parameters().get("model.layers.0.mlp.up_proj.weight").toFloatArray();
            }
        }
        assertArrayEquals(after[1], after[0]);
    }
}
