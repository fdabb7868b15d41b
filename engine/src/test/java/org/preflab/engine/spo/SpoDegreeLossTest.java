package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;
import static org.preflab.engine.spo.VariantFixtures.RESPONSES;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.model.AttentionMask;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spo.SpoSettings.ApplyTo;
import org.preflab.engine.spo.SpoSettings.Classifier;
import org.preflab.engine.spo.SpoSettings.Pooling;
import org.preflab.engine.spo.SpoSettings.RemovalOrder;
import org.preflab.engine.spo.SpoSettings.VariantSource;

/** The degree loss on the tiny-gpt2 fixture, fed by RAKE variants of short texts (VariantFixtures). */
class SpoDegreeLossTest {
    private static final int K = 4;

    private static SpoSettings settings(ApplyTo applyTo, Classifier classifier, Pooling pooling) {
        return new SpoSettings(K, 0.1, applyTo, VariantSource.DATASET, RemovalOrder.TOP_SCORE, classifier, pooling);
    }

    private static float lossOf(SpoDegreeLoss spd, TransformerLM lm, List<VariantSet> chosen,
            List<VariantSet> rejected, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            return spd.compute(lm, chosen, rejected, m).loss().getFloat();
        }
    }

    @Test
    void zeroHeadGivesLnKThroughTheModel() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                DegreeHead head = new DegreeHead(root, K, lm.config().hidden(), 5)) {
            head.load(Map.of(DegreeHead.WEIGHT, new Tensor(DegreeHead.WEIGHT, new long[] {K, lm.config().hidden()},
                    new float[K * lm.config().hidden()]), DegreeHead.BIAS, new Tensor(DegreeHead.BIAS, new long[] {K},
                    new float[K])));
            List<VariantSet> sets = VariantFixtures.sets(RESPONSES, K);
            for (Pooling pooling : Pooling.values()) {
                SpoDegreeLoss spd = new SpoDegreeLoss(settings(ApplyTo.BOTH, Classifier.HIDDEN_HEAD, pooling), head, 0);
                try (NDManager m = root.newSubManager()) {
                    SpoDegreeLoss.Result r = spd.compute(lm, sets.subList(0, 2), sets.subList(2, 4), m);
                    assertEquals(Math.log(K), r.loss().getFloat(), 1e-6, pooling.name());
                    // 4 + 4 + 4 + 2 variants ("Fish swim." has one phrase: degrees 0 and 2) over 4 responses
                    assertEquals(3.5f, r.metrics().get(SpoDegreeLoss.NUM_VARIANTS).getFloat());
                    assertEquals(Math.log(K), r.metrics().get(SpoDegreeLoss.LOSS).getFloat(), 1e-6);
                }
            }
        }
    }

    @Test
    void lambdaZeroGivesExactlyTheAlignmentLoss() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray align = m.create(0.6931f);
            // λ = 0 hands back L_align itself, whatever L_SPD is: even NaN cannot leak into a λ = 0 run
            assertSame(align, SpoDegreeLoss.total(align, m.create(Float.NaN), 0.0));
            NDArray total = SpoDegreeLoss.total(align, m.create(2f), 0.25);
            assertEquals(0.6931f + 0.25f * 2f, total.getFloat(), 1e-7);
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, total.getDataType()); // λ must not promote to f64
            assertThrows(IllegalArgumentException.class, () -> SpoDegreeLoss.total(align, align, -1));
        }
    }

    @Test
    void hiddenHeadLossFallsUnderSgdAndLeaksNothing() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                DegreeHead head = new DegreeHead(root, K, lm.config().hidden(), 5)) {
            List<NDArray> params = new ArrayList<>(lm.parameters().values());
            params.addAll(head.parameters().values());
            params.forEach(p -> p.setRequiresGradient(true));
            SpoDegreeLoss spd = new SpoDegreeLoss(SpoSettings.defaults(), head, 0);
            List<VariantSet> sets = VariantFixtures.sets(RESPONSES, K);
            int rootBefore = root.getManagedArrays().size();
            int modelBefore = lm.manager().getManagedArrays().size();
            List<Float> losses = new ArrayList<>();
            for (int step = 0; step < 10; step++) {
                try (NDManager m = root.newSubManager()) {
                    try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                        SpoDegreeLoss.Result r = spd.compute(lm, sets, List.of(), m);
                        gc.backward(r.loss());
                        losses.add(r.loss().getFloat());
                    }
                    for (NDArray p : params) { // plain SGD, as the trainer's AdamW would do it: temporaries in m
                        NDArray g = p.getGradient();
                        g.attach(m);
                        p.subi(g.mul(0.1f));
                        JniUtils.zeroGrad((PtNDArray) p);
                    }
                }
                assertEquals(rootBefore, root.getManagedArrays().size(), "root manager after step " + step);
                assertEquals(modelBefore, lm.manager().getManagedArrays().size(), "model manager after step " + step);
            }
            assertEquals(Math.log(K), losses.get(0), 0.05); // W ~ N(0, 0.02): close to uniform at the start
            assertTrue(losses.get(losses.size() - 1) < 0.7 * losses.get(0), "losses " + losses);
        }
    }

    /**
     * The padded batch against an independent computation: each variant run alone, unpadded, its completion's
     * hidden states sliced by hand (mean over positions P..L−1, or position L−1), then the head's cross-entropy;
     * L_SPD is the mean over all variants. A wrong mask offset or padding leak shows up here.
     */
    @Test
    void batchMatchesEachVariantRunAloneAndPooledByHand() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                DegreeHead head = new DegreeHead(root, K, lm.config().hidden(), 9)) {
            head.parameters().get(DegreeHead.WEIGHT).muli(50); // a head with opinions, so variants differ
            List<VariantSet> sets = VariantFixtures.sets(RESPONSES, K);
            for (Pooling pooling : Pooling.values()) {
                double sum = 0;
                int variants = 0;
                try (NDManager m = root.newSubManager()) {
                    for (VariantSet s : sets) {
                        for (int i = 0; i < s.size(); i++) {
                            long[] all = LongStream.concat(LongStream.of(s.prompt()),
                                    LongStream.of(s.completions()[i])).toArray();
                            int len = all.length;
                            NDArray hidden = lm.hidden(m.create(all, new Shape(1, len)),
                                    m.arange(0, len, 1, DataType.INT64).expandDims(0), AttentionMask.causal(m, len),
                                    null);
                            NDArray pooled = pooling == Pooling.LAST_TOKEN
                                    ? hidden.get("0, " + (len - 1) + ":")
                                    : hidden.get("0, " + s.prompt().length + ":").mean(new int[] {0}, true);
                            sum += head.crossEntropy(pooled, m.create(new long[] {s.degrees()[i]})).getFloat();
                            variants++;
                        }
                    }
                }
                SpoDegreeLoss spd =
                        new SpoDegreeLoss(settings(ApplyTo.CHOSEN, Classifier.HIDDEN_HEAD, pooling), head, 0);
                float batch = lossOf(spd, lm, sets, List.of(), root);
                assertEquals(sum / variants, batch, 1e-5, pooling.name());
                assertTrue(batch > 0.1, "a degenerate check: " + batch);
            }
        }
    }

    @Test
    void bothAveragesTheChosenAndRejectedSides() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                DegreeHead head = new DegreeHead(root, K, lm.config().hidden(), 9)) {
            head.parameters().get(DegreeHead.WEIGHT).muli(50);
            List<VariantSet> chosen = new ArrayList<>();
            List<VariantSet> rejected = new ArrayList<>();
            double[] offsets = {0.3, -0.2, 1.0, 0.1};
            for (int i = 0; i < RESPONSES.size(); i++) {
                VariantSet s = VariantFixtures.withReference(lm, root, VariantFixtures.set(RESPONSES.get(i), K),
                        offsets);
                (i < 1 ? chosen : rejected).add(s); // 1 chosen, 3 rejected: unequal sides
            }
            for (Classifier c : Classifier.values()) {
                DegreeHead h = c == Classifier.HIDDEN_HEAD ? head : null;
                SpoDegreeLoss both = new SpoDegreeLoss(settings(ApplyTo.BOTH, c, Pooling.MEAN_COMPLETION), h, 0);
                SpoDegreeLoss one = new SpoDegreeLoss(settings(ApplyTo.CHOSEN, c, Pooling.MEAN_COMPLETION), h, 0);
                double expected = 0.5 * (lossOf(one, lm, chosen, List.of(), root)
                        + lossOf(one, lm, rejected, List.of(), root));
                assertEquals(expected, lossOf(both, lm, chosen, rejected, root), 1e-5, c.name());
                // one side empty: L_SPD is that side's average alone
                assertEquals(lossOf(one, lm, rejected, List.of(), root),
                        lossOf(both, lm, List.of(), rejected, root), 1e-6);
                assertThrows(IllegalArgumentException.class, () -> lossOf(one, lm, chosen, rejected, root));
            }
        }
    }
}
