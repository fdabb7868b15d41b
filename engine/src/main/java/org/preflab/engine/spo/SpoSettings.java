package org.preflab.engine.spo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

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

    public static final int DEFAULT_K = 4;
    public static final double DEFAULT_LAMBDA = 0.1;

    public enum ApplyTo { CHOSEN, BOTH }

    public enum VariantSource { DATASET, POLICY_SAMPLE }

    public enum RemovalOrder { TOP_SCORE, RANDOM }

    public enum Classifier { HIDDEN_HEAD, LOGPROB_RANK }

    public enum Pooling { MEAN_COMPLETION, LAST_TOKEN }

    public SpoSettings {
        if (k < 2) {
            throw new IllegalArgumentException("spo.k = " + k + " is invalid: must be an integer >= 2");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("spo.lambda = " + lambda + " is invalid: must be a finite number >= 0");
        }
        require(applyTo, "apply_to", ApplyTo.values());
        require(variantSource, "variant_source", VariantSource.values());
        require(removalOrder, "removal_order", RemovalOrder.values());
        require(classifier, "classifier", Classifier.values());
        require(pooling, "pooling", Pooling.values());
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
        return new SpoSettings(
                k == null ? DEFAULT_K : k,
                lambda == null ? DEFAULT_LAMBDA : lambda,
                applyTo == null ? ApplyTo.CHOSEN : applyTo,
                variantSource == null ? VariantSource.DATASET : variantSource,
                removalOrder == null ? RemovalOrder.TOP_SCORE : removalOrder,
                classifier == null ? Classifier.HIDDEN_HEAD : classifier,
                pooling == null ? Pooling.MEAN_COMPLETION : pooling);
    }

    /** The §5 defaults: K = 4, λ = 0.1, CHOSEN, DATASET, TOP_SCORE, HIDDEN_HEAD, MEAN_COMPLETION. */
    public static SpoSettings defaults() {
        return fromJson(null, null, null, null, null, null, null);
    }

    private static void require(Enum<?> value, String key, Enum<?>[] options) {
        if (value == null) {
            throw new IllegalArgumentException("spo." + key + " = null is invalid: must be one of "
                    + Arrays.toString(options));
        }
    }
}
