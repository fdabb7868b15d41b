package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluation;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;
import org.preflab.engine.loss.PreferenceLosses;

/** The plugin module as the application sees it: through ServiceLoader, by id. */
class BuiltInLossesTest {
    static final List<String> ALL_IDS = List.of("aot", "aot_unpaired", "apo_down", "apo_zero", "bco_pair", "cdpo",
            "discopop", "exo_pair", "hinge", "ipo", "nca_pair", "robust", "sft", "sigmoid", "sigmoid_norm",
            "sppo_hard");

    private static final PreferenceLosses REGISTRY = PreferenceLosses.load();

    static List<String> ids() {
        return ALL_IDS;
    }

    @Test
    void serviceLoaderFindsAllSixteenVariants() {
        assertEquals(ALL_IDS, REGISTRY.ids());
        assertEquals(List.of(), REGISTRY.problems());
        long classes = ALL_IDS.stream().map(id -> REGISTRY.get(id).getClass()).distinct().count();
        assertEquals(16, classes, "one class per variant");
        for (String id : ALL_IDS) {
            String description = REGISTRY.get(id).description();
            assertFalse(description.isBlank() || description.contains("\n"), id + ": " + description);
        }
    }

    @Test
    void combinedLossIsTheWeightedSumOfMeans() {
        // RPO: sigmoid + 0.5·sft; total = mean(sigmoid) + 0.5·mean(sft), gradients add the same way.
        CombinedLoss rpo = CombinedLoss.of(REGISTRY, List.of("sigmoid", "sft"), List.of(1.0, 0.5));
        LossEvaluation both = evaluate(rpo, 0.1, 0);
        LossEvaluation dpo = evaluate(CombinedLoss.of(REGISTRY.get("sigmoid")), 0.1, 0);
        LossEvaluation sft = evaluate(CombinedLoss.of(REGISTRY.get("sft")), 0.1, 0);
        VariantCheck.assertClose(dpo.loss() + 0.5 * sft.loss(), both.loss(), "total");
        for (int i = 0; i < VariantCheck.PAIRS.size(); i++) {
            VariantCheck.assertClose(dpo.perPair()[i] + 0.5 * sft.perPair()[i], both.perPair()[i], "per pair " + i);
            VariantCheck.assertClose(dpo.gradPolicyChosen()[i] + 0.5 * sft.gradPolicyChosen()[i],
                    both.gradPolicyChosen()[i], "grad y_c " + i);
            VariantCheck.assertClose(dpo.gradPolicyRejected()[i], both.gradPolicyRejected()[i], "grad y_r " + i);
        }
    }

    @Test
    void badCombinationsAreQuoted() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CombinedLoss.of(REGISTRY, List.of("sigmod"), null));
        assertEquals("unknown loss type 'sigmod'; known: " + String.join(", ", ALL_IDS), unknown.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> CombinedLoss.of(REGISTRY, List.of("sigmoid", "sft", "ipo"), List.of(1.0, 0.5)));
        assertEquals("2 weights for 3 loss types", weights.getMessage());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void staysFiniteAtExtremeMargins(String id) {
        // |βh| up to 2000: far past where exp overflows in fp32. Squares (ipo, sppo_hard) grow but stay finite.
        double[] zero = {0, 0, 0, 0};
        double[] len = {10, 10, 10, 10};
        PairLogps extreme = new PairLogps(new double[] {-2000, 0, -1, -500}, new double[] {0, -2000, -1, -1500},
                zero, zero, len, len);
        LossEvaluation r = LossEvaluator.evaluateOnce(CombinedLoss.of(REGISTRY.get(id)), extreme, 1, 0.1, 0.05);
        assertTrue(Double.isFinite(r.loss()), id + " loss " + r.loss());
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isFinite(r.perPair()[i]), id + " per pair " + i);
            assertTrue(Double.isFinite(r.gradPolicyChosen()[i]), id + " grad y_c " + i);
            assertTrue(Double.isFinite(r.gradPolicyRejected()[i]), id + " grad y_r " + i);
        }
    }

    private static LossEvaluation evaluate(CombinedLoss loss, double beta, double eps) {
        return LossEvaluator.evaluateOnce(loss, VariantCheck.PAIRS, beta, eps, 0.05);
    }
}
