package org.preflab.engine.spa;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;

/**
 * Self-generated preferences (SPA, Kim et al. 2025, algorithms.md §4), the {@code "spa"} section. Defaults are the
 * paper's code (commit 38553eb) where it sets a number.
 *
 * @param seedFraction the share of the data file's pairs whose labels are used (the seed); the rest give prompts only
 * @param iterations how many self-labelling iterations follow the seed DPO
 * @param samplesPerPrompt K responses sampled per pool prompt; the highest implicit reward is chosen, the lowest
 *     rejected
 * @param temperature sampling temperature of those responses
 * @param topP nucleus sampling of those responses
 * @param maxNewTokens longest response in tokens
 * @param iterationEpochs epochs of each self-refined iteration (the seed DPO uses train.epochs)
 * @param refineThreshold K of the confidence threshold: τ is the K-th quantile of recent margins (self_refine_threshold)
 * @param refineStrength α, the soft label given to pairs below the threshold (refine_stragth)
 * @param warmupFraction share of each iteration's steps trained as plain DPO before soft labels start
 * @param decouple μ of the decoupled logits z̃ = μ·z_θ + (1−μ)·z_ref used for the confidence; 1 turns it off
 * @param marginWindow how many per-micro-batch mean margins must exist before τ is estimated (50 in the code)
 */
public record SpaSettings(
        @JsonProperty("seed_fraction") double seedFraction,
        @JsonProperty("iterations") int iterations,
        @JsonProperty("samples_per_prompt") int samplesPerPrompt,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("iteration_epochs") int iterationEpochs,
        @JsonProperty("refine_threshold") double refineThreshold,
        @JsonProperty("refine_strength") double refineStrength,
        @JsonProperty("warmup_fraction") double warmupFraction,
        @JsonProperty("decouple") double decouple,
        @JsonProperty("margin_window") int marginWindow) {

    static final Setting SEED_FRACTION = Setting.number("spa.seed_fraction", 0.033,
            "share of the data's pairs whose labels are used (the paper: 2K of 60K, 3.3%)").above(0).below(1);
    static final Setting ITERATIONS = Setting.integer("spa.iterations", 2,
            "self-labelling iterations after the seed DPO").atLeast(1);
    static final Setting SAMPLES_PER_PROMPT = Setting.integer("spa.samples_per_prompt", 2,
            "K responses sampled per prompt; highest implicit reward chosen, lowest rejected").atLeast(2);
    static final Setting TEMPERATURE = Setting.number("spa.temperature", 0.7,
            "sampling temperature of the responses").above(0);
    static final Setting TOP_P = Setting.number("spa.top_p", 1.0, "nucleus sampling of the responses").above(0);
    static final Setting MAX_NEW_TOKENS = Setting.integer("spa.max_new_tokens", 300,
            "longest sampled response in tokens").atLeast(1);
    static final Setting ITERATION_EPOCHS = Setting.integer("spa.iteration_epochs", 1,
            "epochs of each self-labelled iteration (the seed DPO uses train.epochs)").atLeast(1);
    static final Setting REFINE_THRESHOLD = Setting.number("spa.refine_threshold", 0.1,
            "K: pairs below the K-th quantile of recent margins count as not confident").atLeast(0).below(1);
    static final Setting REFINE_STRENGTH = Setting.number("spa.refine_strength", 0.1,
            "alpha: the flipped label's weight for pairs that are not confident").atLeast(0).below(0.5);
    static final Setting WARMUP_FRACTION = Setting.number("spa.warmup_fraction", 0.2,
            "share of an iteration's steps trained as plain DPO before soft labels start").atLeast(0).below(1);
    static final Setting DECOUPLE = Setting.number("spa.decouple", 1.0,
            "mu of the decoupled logits mu*z + (1-mu)*z_ref for confidence; 1 is off, >1 extrapolates").above(0);
    static final Setting MARGIN_WINDOW = Setting.integer("spa.margin_window", 50,
            "mean margins recorded before the threshold is estimated (until then it is 0)").atLeast(1);

    public static final List<Setting> SETTINGS = List.of(SEED_FRACTION, ITERATIONS, SAMPLES_PER_PROMPT, TEMPERATURE,
            TOP_P, MAX_NEW_TOKENS, ITERATION_EPOCHS, REFINE_THRESHOLD, REFINE_STRENGTH, WARMUP_FRACTION, DECOUPLE,
            MARGIN_WINDOW);

    public SpaSettings {
        SEED_FRACTION.check(seedFraction);
        ITERATIONS.check(iterations);
        SAMPLES_PER_PROMPT.check(samplesPerPrompt);
        TEMPERATURE.check(temperature);
        if (!(topP > 0 && topP <= 1)) {
            throw TOP_P.invalid(topP, "must be in (0, 1]");
        }
        MAX_NEW_TOKENS.check(maxNewTokens);
        ITERATION_EPOCHS.check(iterationEpochs);
        REFINE_THRESHOLD.check(refineThreshold);
        REFINE_STRENGTH.check(refineStrength);
        WARMUP_FRACTION.check(warmupFraction);
        DECOUPLE.check(decouple);
        MARGIN_WINDOW.check(marginWindow);
    }

    @JsonCreator
    static SpaSettings fromJson(
            @JsonProperty("seed_fraction") Double seedFraction,
            @JsonProperty("iterations") Integer iterations,
            @JsonProperty("samples_per_prompt") Integer samplesPerPrompt,
            @JsonProperty("temperature") Double temperature,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("max_new_tokens") Integer maxNewTokens,
            @JsonProperty("iteration_epochs") Integer iterationEpochs,
            @JsonProperty("refine_threshold") Double refineThreshold,
            @JsonProperty("refine_strength") Double refineStrength,
            @JsonProperty("warmup_fraction") Double warmupFraction,
            @JsonProperty("decouple") Double decouple,
            @JsonProperty("margin_window") Integer marginWindow) {
        return new SpaSettings(SEED_FRACTION.or(seedFraction), ITERATIONS.or(iterations),
                SAMPLES_PER_PROMPT.or(samplesPerPrompt), TEMPERATURE.or(temperature), TOP_P.or(topP),
                MAX_NEW_TOKENS.or(maxNewTokens), ITERATION_EPOCHS.or(iterationEpochs),
                REFINE_THRESHOLD.or(refineThreshold), REFINE_STRENGTH.or(refineStrength),
                WARMUP_FRACTION.or(warmupFraction), DECOUPLE.or(decouple), MARGIN_WINDOW.or(marginWindow));
    }

    public static SpaSettings defaults() {
        return fromJson(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
