package org.preflab.engine.dpo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.settings.SettingType;

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

    // The "dpo" section's settings, declared once: defaults, ranges and help for validation, --set and the GUI.
    static final Setting LOSS_TYPE = Setting.list("dpo.loss_type", SettingType.TEXT, List.of("sigmoid"),
            "loss variants (TRL loss_type), combined with loss_weights; RPO is sigmoid, sft");
    static final Setting LOSS_WEIGHTS = Setting.list("dpo.loss_weights", SettingType.NUMBER, List.of(),
            "one weight per loss type; none given means 1 each").atLeast(0);
    static final Setting BETA = Setting.number("dpo.beta", 0.1,
            "β, the strength of the KL constraint to the reference (IPO's τ for ipo)").above(0);
    static final Setting LABEL_SMOOTHING = Setting.number("dpo.label_smoothing", 0.0,
            "ε, the assumed share of flipped labels (robust, exo_pair, aot, cdpo)").atLeast(0).below(1);
    static final Setting DISCOPOP_TAU = Setting.number("dpo.discopop_tau", 0.05, "τ of discopop's blend").above(0);
    static final Setting REFERENCE = Setting.choice("dpo.reference", "precomputed", List.of("precomputed", "model"),
            "precomputed: reference log-probs computed once and cached; model: a frozen copy scored every step");

    /** The section's settings, in file order. */
    public static final List<Setting> SETTINGS = List.of(LOSS_TYPE, LOSS_WEIGHTS, BETA, LABEL_SMOOTHING,
            DISCOPOP_TAU, REFERENCE);

    public DpoSettings {
        lossType = List.copyOf(lossType == null || lossType.isEmpty() ? LOSS_TYPE.<List<String>>or(null) : lossType);
        lossWeights = lossWeights == null ? List.of() : List.copyOf(lossWeights);
        LOSS_TYPE.check(lossType);
        LOSS_WEIGHTS.check(lossWeights);
        if (!lossWeights.isEmpty() && lossWeights.size() != lossType.size()) {
            throw LOSS_WEIGHTS.invalid(lossWeights, "gives " + lossWeights.size() + " weight"
                    + (lossWeights.size() == 1 ? "" : "s") + " for " + lossType.size() + " loss type"
                    + (lossType.size() == 1 ? "" : "s") + " " + lossType);
        }
        BETA.check(beta);
        LABEL_SMOOTHING.check(labelSmoothing);
        DISCOPOP_TAU.check(discopopTau);
        reference = REFERENCE.check(REFERENCE.or(reference));
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
        return new DpoSettings(LOSS_TYPE.or(lossType), LOSS_WEIGHTS.or(lossWeights), BETA.or(beta),
                LABEL_SMOOTHING.or(labelSmoothing), DISCOPOP_TAU.or(discopopTau), REFERENCE.or(reference));
    }

    public static DpoSettings defaults() {
        return fromJson(null, null, null, null, null, null);
    }
}
