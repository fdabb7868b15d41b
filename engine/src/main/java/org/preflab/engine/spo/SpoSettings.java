package org.preflab.engine.spo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;

/**
 * SPO's settings, the table of algorithms.md §5, as the {@code "spo"} object of a run config (snake_case keys).
 * A key left out takes its default; a bad value is rejected with the value quoted, as {@code TrainConfig} does.
 *
 * @param k number of preference degrees, at least 2 (degree 0 = intact response, K−1 = all key phrases removed)
 * @param lambda weight of the degree loss: L = L_align + λ·L_SPD; 0 turns SPO off exactly
 * @param applyTo whose variants enter the degree loss: the chosen response only, or chosen and rejected
 * @param variantSource variants of the dataset's responses, or of one response sampled from the policy per prompt
 * @param removalOrder which key phrases go first: the highest-scored, or a seeded random order
 * @param classifier a linear head on pooled hidden states, or a Plackett–Luce ranking of length-normalised
 *     log-ratios (no new parameters, but needs the reference's log-probs of every variant)
 * @param pooling how the head pools the completion's final hidden states (HIDDEN_HEAD only)
 */
public record SpoSettings(
        @JsonProperty("k") int k,
        @JsonProperty("lambda") double lambda,
        @JsonProperty("apply_to") ApplyTo applyTo,
        @JsonProperty("variant_source") VariantSource variantSource,
        @JsonProperty("removal_order") RemovalOrder removalOrder,
        @JsonProperty("classifier") Classifier classifier,
        @JsonProperty("pooling") Pooling pooling) {

    public enum ApplyTo { CHOSEN, BOTH }

    public enum VariantSource { DATASET, POLICY_SAMPLE }

    public enum RemovalOrder { TOP_SCORE, RANDOM }

    public enum Classifier { HIDDEN_HEAD, LOGPROB_RANK }

    public enum Pooling { MEAN_COMPLETION, LAST_TOKEN }

    // The "spo" section's settings, declared once: defaults, ranges and help for validation, --set and the GUI.
    static final Setting K = Setting.integer("spo.k", 4,
            "number of preference degrees (0 = intact response, K-1 = all key phrases removed)").atLeast(2);
    static final Setting LAMBDA = Setting.number("spo.lambda", 0.1,
            "weight of the degree loss: L = L_align + λ·L_SPD; 0 is exactly plain DPO").atLeast(0);
    static final Setting APPLY_TO = Setting.choice("spo.apply_to", ApplyTo.CHOSEN,
            "whose variants enter the degree loss: the chosen response only, or both");
    static final Setting VARIANT_SOURCE = Setting.choice("spo.variant_source", VariantSource.DATASET,
            "variants of the dataset's responses, or of a response sampled from the policy per prompt");
    static final Setting REMOVAL_ORDER = Setting.choice("spo.removal_order", RemovalOrder.TOP_SCORE,
            "which key phrases go first: the highest-scored, or a seeded random order");
    static final Setting CLASSIFIER = Setting.choice("spo.classifier", Classifier.HIDDEN_HEAD,
            "a linear head on pooled hidden states, or a Plackett-Luce ranking of implicit rewards");
    static final Setting POOLING = Setting.choice("spo.pooling", Pooling.MEAN_COMPLETION,
            "how the head pools the completion's final hidden states (HIDDEN_HEAD only)");

    /** The section's settings, in file order. */
    public static final List<Setting> SETTINGS = List.of(K, LAMBDA, APPLY_TO, VARIANT_SOURCE, REMOVAL_ORDER,
            CLASSIFIER, POOLING);

    public SpoSettings {
        K.check(k);
        LAMBDA.check(lambda);
        APPLY_TO.check(applyTo);
        VARIANT_SOURCE.check(variantSource);
        REMOVAL_ORDER.check(removalOrder);
        CLASSIFIER.check(classifier);
        POOLING.check(pooling);
    }

    /** Jackson's way in: keys left out (null) take the defaults; the canonical constructor then validates. */
    @JsonCreator
    static SpoSettings fromJson(
            @JsonProperty("k") Integer k,
            @JsonProperty("lambda") Double lambda,
            @JsonProperty("apply_to") ApplyTo applyTo,
            @JsonProperty("variant_source") VariantSource variantSource,
            @JsonProperty("removal_order") RemovalOrder removalOrder,
            @JsonProperty("classifier") Classifier classifier,
            @JsonProperty("pooling") Pooling pooling) {
        return new SpoSettings(K.or(k), LAMBDA.or(lambda), APPLY_TO.or(applyTo), VARIANT_SOURCE.or(variantSource),
                REMOVAL_ORDER.or(removalOrder), CLASSIFIER.or(classifier), POOLING.or(pooling));
    }

    /** The §5 defaults: K = 4, λ = 0.1, CHOSEN, DATASET, TOP_SCORE, HIDDEN_HEAD, MEAN_COMPLETION. */
    public static SpoSettings defaults() {
        return fromJson(null, null, null, null, null, null, null);
    }
}
