package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.model.ModelFactory;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.train.AdamW;
import org.preflab.engine.train.GradientClipping;

/**
 * {@link ThreadGovernor} changes the intra-op thread count in the middle of a run, which is only sound if results do
 * not depend on it: two DPO-shaped steps (forward of pairs, backward, clipping, AdamW) on a model whose products and
 * elementwise ops are large enough to run in parallel give bitwise the same weights on 1 and on 2 threads.
 */
class ThreadCountResultsTest {
    @Test
    void oneAndTwoThreadsTrainToTheSameBits() throws Exception {
        Map<String, float[]> one = trainOn(1);
        Map<String, float[]> two = trainOn(2);
        assertEquals(one.keySet(), two.keySet());
        for (String k : one.keySet()) {
            assertArrayEquals(one.get(k), two.get(k), 0f, k);
        }
    }

    private static Map<String, float[]> trainOn(int threads) throws Exception {
        int before = DjlRuntime.settings().intraOpThreads();
        try (EngineThread engine = new EngineThread()) {
            return engine.call(() -> {
                DjlRuntime.setIntraOpThreads(threads);
                try (NDManager root = NDManager.newBaseManager();
                        TransformerLM lm = ModelFactory.randomInit(ModelFactory.llama(512, 256, 256, 704, 2, 8, 2), 5,
                                root);
                        AdamW opt = new AdamW(root, 0.9, 0.999, 1e-8, 0.01)) {
                    SplittableRandom r = new SplittableRandom(9);
                    for (int step = 0; step < 2; step++) {
                        lm.parameters().values().forEach(p -> p.setRequiresGradient(true));
                        List<PairBatch.Pair> pairs = new ArrayList<>();
                        for (int i = 0; i < 2; i++) {
                            pairs.add(new PairBatch.Pair(r.longs(40, 0, 512).toArray(), r.longs(60, 0, 512).toArray(),
                                    r.longs(50, 0, 512).toArray()));
                        }
                        try (NDManager m = root.newSubManager()) {
                            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                                NDArray s = SequenceScorer.score(lm, PairBatch.of(m, pairs, 0), true).sum();
                                gc.backward(ai.djl.nn.Activation.softPlus(s.get("2:").sub(s.get("0:2")).mul(0.1)).mean()); // sigmoid DPO, reference 0
                            }
                            double norm = GradientClipping.globalNorm(lm.parameters(), m);
                            opt.step(lm.parameters(), 1e-3, GradientClipping.scale(norm, 1.0), m, name -> false);
                            lm.dropGradients();
                        }
                    }
                    Map<String, float[]> out = new LinkedHashMap<>();
                    lm.parameters().forEach((k, p) -> out.put(k, p.toFloatArray()));
                    return out;
                } finally {
                    DjlRuntime.setIntraOpThreads(before);
                }
            });
        }
    }
}
