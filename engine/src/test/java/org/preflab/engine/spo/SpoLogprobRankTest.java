package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;
import static org.preflab.engine.spo.VariantFixtures.RESPONSES;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spo.SpoSettings.ApplyTo;
import org.preflab.engine.spo.SpoSettings.Classifier;
import org.preflab.engine.spo.SpoSettings.Pooling;
import org.preflab.engine.spo.SpoSettings.RemovalOrder;
import org.preflab.engine.spo.SpoSettings.VariantSource;

/** LOGPROB_RANK through the tiny-gpt2 fixture, and the rules on which variants count. */
class SpoLogprobRankTest {
    private static final int K = 4;
    private static final SpoSettings RANK = new SpoSettings(K, 0.1, ApplyTo.CHOSEN, VariantSource.DATASET,
            RemovalOrder.TOP_SCORE, Classifier.LOGPROB_RANK, Pooling.MEAN_COMPLETION);

    /**
     * The policy is its own reference plus offsets: logπref(y^(d)) = logπθ(y^(d)) + offset_d, so
     * s_d = −offset_d / L_d exactly, and the expected loss follows from the PL formula in plain Java.
     */
    @Test
    void lossIsPlackettLuceOfLengthNormalisedLogRatios() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root)) {
            double[] offsets = {0.3, -0.2, 1.0, 0.1};
            List<VariantSet> sets = new ArrayList<>();
            double expected = 0;
            for (String response : RESPONSES) {
                VariantSet s = VariantFixtures.withReference(lm, root, VariantFixtures.set(response, K), offsets);
                sets.add(s);
                double[] scores = new double[s.size()];
                for (int i = 0; i < s.size(); i++) {
                    scores[i] = -offsets[i] / s.completions()[i].length;
                }
                expected += plackettLuce(scores) / RESPONSES.size();
            }
            lm.parameters().values().forEach(p -> p.setRequiresGradient(true));
            SpoDegreeLoss spd = new SpoDegreeLoss(RANK, null, 0);
            int modelArrays = lm.manager().getManagedArrays().size();
            try (NDManager m = root.newSubManager();
                    GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                SpoDegreeLoss.Result r = spd.compute(lm, sets, List.of(), m);
                assertEquals(expected, r.loss().getFloat(), 1e-5);
                gc.backward(r.loss());
                NDArray g = lm.parameters().get("transformer.h.0.attn.c_attn.weight").getGradient();
                g.attach(m);
                assertTrue(g.abs().sum().getFloat() > 0, "the rank loss must reach the policy's weights");
            }
            assertEquals(modelArrays, lm.manager().getManagedArrays().size(), "nothing may land in the model");
        }
    }

    @Test
    void policyEqualToReferenceGivesLnNFactorialAndAccuracyFollowsTheOrder() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                NDManager m = root.newSubManager()) {
            SpoDegreeLoss spd = new SpoDegreeLoss(RANK, null, 0);
            // s_d = 0 for all d: every order equally likely, L = ln(n!): ln 24 for three sets, ln 2 for "Fish swim."
            assertEquals((3 * Math.log(24) + Math.log(2)) / 4, rank(spd, lm, m, null).loss().getFloat(), 1e-5);
            // offset_d = ±0.1·d·L_d gives s_d = ∓0.1·d: the right order (accuracy 1) or its reverse (accuracy 0,
            // as every set has 4 or 2 variants, so no variant sits in the middle)
            assertEquals(1f, rank(spd, lm, m, 0.1).metrics().get(SpoDegreeLoss.ACCURACY).getFloat());
            assertEquals(0f, rank(spd, lm, m, -0.1).metrics().get(SpoDegreeLoss.ACCURACY).getFloat());
        }
    }

    private static SpoDegreeLoss.Result rank(SpoDegreeLoss spd, TransformerLM lm, NDManager m, Double slope) {
        List<VariantSet> sets = new ArrayList<>();
        for (String response : RESPONSES) {
            VariantSet s = VariantFixtures.set(response, K);
            double[] offsets = new double[s.size()];
            for (int i = 0; i < s.size() && slope != null; i++) {
                offsets[i] = slope * s.degrees()[i] * s.completions()[i].length;
            }
            sets.add(VariantFixtures.withReference(lm, m, s, offsets));
        }
        return spd.compute(lm, sets, List.of(), m);
    }

    @Test
    void emptyCompletionsAndLoneVariantsAddNothing() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                DegreeHead head = new DegreeHead(root, K, lm.config().hidden(), 1)) {
            SpoSettings hidden = new SpoSettings(K, 0.1, ApplyTo.CHOSEN, VariantSource.DATASET,
                    RemovalOrder.TOP_SCORE, Classifier.HIDDEN_HEAD, Pooling.LAST_TOKEN);
            SpoDegreeLoss spd = new SpoDegreeLoss(hidden, head, 0);
            long[] p = VariantFixtures.prompt("Q:");
            VariantSet lone = VariantSet.of(p, new int[] {0, 3}, new long[][] {VariantFixtures.ids("Fish."), {}});
            VariantSet three = VariantSet.of(p, new int[] {0, 1, 3},
                    new long[][] {VariantFixtures.ids("Fish swim."), VariantFixtures.ids("swim."), {}});
            try (NDManager m = root.newSubManager()) {
                SpoDegreeLoss.Result none = spd.compute(lm, List.of(lone), List.of(), m);
                assertEquals(0f, none.loss().getFloat());
                assertEquals(0f, none.metrics().get(SpoDegreeLoss.NUM_VARIANTS).getFloat());
                assertEquals(0, none.tokens());
                SpoDegreeLoss.Result some = spd.compute(lm, List.of(lone, three), List.of(), m);
                assertEquals(1f, some.metrics().get(SpoDegreeLoss.NUM_VARIANTS).getFloat()); // 0 + 2 over 2 responses
                assertEquals(2 * p.length + 10 + 5, some.tokens()); // "Fish swim." and "swim."
                assertTrue(some.loss().getFloat() > 0);
            }
        }
    }

    @Test
    void badInputsAreRejected() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = VariantFixtures.tinyGpt2(root);
                DegreeHead head = new DegreeHead(root, 3, lm.config().hidden(), 1)) {
            assertThrows(IllegalArgumentException.class, () -> new SpoDegreeLoss(SpoSettings.defaults(), null, 0));
            assertThrows(IllegalArgumentException.class, () -> new SpoDegreeLoss(SpoSettings.defaults(), head, 0));
            assertThrows(IllegalArgumentException.class, () -> new SpoDegreeLoss(RANK, head, 0));
            SpoDegreeLoss spd = new SpoDegreeLoss(RANK, null, 0);
            VariantSet noRef = VariantFixtures.set(RESPONSES.get(0), K);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> spd.compute(lm, List.of(noRef), List.of(), root));
            assertTrue(e.getMessage().contains("reference"), e.getMessage());
            VariantSet tooHigh = new VariantSet(noRef.prompt(), new int[] {0, 4}, new long[][] {{1}, {2}},
                    new double[] {0, 0});
            e = assertThrows(IllegalArgumentException.class, () -> spd.compute(lm, List.of(tooHigh), List.of(), root));
            assertTrue(e.getMessage().contains("degree 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> VariantSet.of(noRef.prompt(), new int[] {0, 0}, new long[][] {{1}, {2}}));
        }
    }

    /** −Σ_{j=0}^{n−2} [s_j − log Σ_{m≥j} exp(s_m)], in doubles. */
    static double plackettLuce(double[] s) {
        double loss = 0;
        for (int j = 0; j + 1 < s.length; j++) {
            double z = 0;
            for (int m = j; m < s.length; m++) {
                z += Math.exp(s[m]);
            }
            loss -= s[j] - Math.log(z);
        }
        return loss;
    }
}
