package org.preflab.engine.dpo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The preference-loss settings of a run (TRL's DPOConfig names where they exist).
 *
 * @param lossType one or more loss variant ids, e.g. ["sigmoid"] or ["sigmoid", "sft"] (RPO)
 * @param lossWeights one weight per type (default 1 each)
 * @param beta β, the strength of the KL constraint (IPO's τ for ipo)
 * @param labelSmoothing ε for robust, exo_pair, aot, cdpo
 * @param discopopTau τ for discopop
 * @param reference "precomputed" (reference log-probs computed once and cached on disk) or "model" (a frozen
 *     copy scored every step)
 */
public record DpoSettings(
        @JsonProperty("loss_type") List<String> lossType,
        @JsonProperty("loss_weights") List<Double> lossWeights,
        @JsonProperty("beta") double beta,
        @JsonProperty("label_smoothing") double labelSmoothing,
        @JsonProperty("discopop_tau") double discopopTau,
        @JsonProperty("reference") String reference) {

    public DpoSettings {
        if (lossType == null || lossType.isEmpty()) {
            lossType = List.of("sigmoid");
        }
        lossType = List.copyOf(lossType);
        lossWeights = lossWeights == null ? List.of() : List.copyOf(lossWeights);
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("dpo.beta = " + beta + " is invalid: must be a finite number > 0");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("dpo.label_smoothing = " + labelSmoothing + " is invalid: must be in [0, 1)");
        }
        if (!(discopopTau > 0)) {
            throw new IllegalArgumentException("dpo.discopop_tau = " + discopopTau + " is invalid: must be > 0");
        }
        if (reference == null) {
            reference = "precomputed";
        }
        if (!reference.equals("precomputed") && !reference.equals("model")) {
            throw new IllegalArgumentException("dpo.reference = '" + reference
                    + "' is invalid: use \"precomputed\" (cached log-probs) or \"model\" (frozen copy)");
        }
    }

    /** Reads the "dpo" section; fields left out take TRL's defaults. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static DpoSettings fromJson(
            @JsonProperty("loss_type") List<String> lossType,
            @JsonProperty("loss_weights") List<Double> lossWeights,
            @JsonProperty("beta") Double beta,
            @JsonProperty("label_smoothing") Double labelSmoothing,
            @JsonProperty("discopop_tau") Double discopopTau,
            @JsonProperty("reference") String reference) {
        return new DpoSettings(lossType, lossWeights, beta == null ? 0.1 : beta,
                labelSmoothing == null ? 0 : labelSmoothing, discopopTau == null ? 0.05 : discopopTau, reference);
    }

    public static DpoSettings defaults() {
        return new DpoSettings(List.of("sigmoid"), List.of(), 0.1, 0, 0.05, "precomputed");
    }
}
