package org.preflab.engine.apl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.settings.SettingType;

/**
 * Active preference learning (Muldrew et al. 2024, algorithms.md §3), the {@code "apl"} section. Defaults are the
 * camera-ready IMDb settings; every number of the paper's loop is a setting.
 *
 * @param acquisition the id of the acquisition function: random, entropy (highest predictive entropy of the prompt),
 *     certainty (most confident implicit preference), entropy_certainty (entropy first, then certainty: the paper's),
 *     or a plugin's
 * @param budgets the label-budget schedule m_1 < m_2 < ...: labels held after each round
 * @param pool PROMPTS: pairs are sampled from the policy and labelled by the oracle (the paper's setting);
 *     PAIRS: the data file's pairs are the candidates, their labels hidden until acquired (offline active learning)
 * @param overgenerate G, the over-generate factor: n·G pairs are scored for n labels
 * @param oversamplePrompts P, the over-sample-prompts factor: n·G·P prompts are scored by entropy
 * @param entropySamples N, completions sampled per prompt for the entropy estimate
 * @param entropyTemperature the sampling temperature of those completions
 * @param certaintyBeta β of the certainty score r̂ = β·(logπθ − logπref)
 * @param temperature sampling temperature of the candidate pairs (top_k 0, top_p 1 as in the paper)
 * @param minNewTokens shortest completion, in tokens (the task's length range)
 * @param maxNewTokens longest completion, in tokens
 * @param reset INITIAL: each round retrains from the initial weights with a fresh optimizer (camera-ready);
 *     CONTINUE: the no-reset ablation
 */
public record AplSettings(
        @JsonProperty("acquisition") String acquisition,
        @JsonProperty("budgets") List<Double> budgets,
        @JsonProperty("pool") Pool pool,
        @JsonProperty("overgenerate") int overgenerate,
        @JsonProperty("oversample_prompts") int oversamplePrompts,
        @JsonProperty("entropy_samples") int entropySamples,
        @JsonProperty("entropy_temperature") double entropyTemperature,
        @JsonProperty("certainty_beta") double certaintyBeta,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("min_new_tokens") int minNewTokens,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("reset") Reset reset) {

    public enum Pool { PROMPTS, PAIRS }

    public enum Reset { INITIAL, CONTINUE }

    static final Setting ACQUISITION = Setting.text("apl.acquisition", "entropy_certainty",
            "how pairs are chosen: random, entropy, certainty, entropy_certainty (the paper's), or a plugin's id")
            .matching("[a-z0-9_.-]{1,64}", "use an acquisition id: lower-case letters, digits, _ . -");
    static final Setting BUDGETS = Setting.list("apl.budgets", SettingType.NUMBER,
            List.of(128.0, 256.0, 384.0, 512.0, 640.0, 768.0),
            "the label budget after each round, increasing (the paper's IMDb schedule by default)").atLeast(1);
    static final Setting POOL = Setting.choice("apl.pool", Pool.PROMPTS,
            "PROMPTS: sample pairs from the policy and ask the oracle; PAIRS: the data's pairs, labels hidden");
    static final Setting OVERGENERATE = Setting.integer("apl.overgenerate", 32,
            "G: n*G candidate pairs are scored for n labels").atLeast(1);
    static final Setting OVERSAMPLE_PROMPTS = Setting.integer("apl.oversample_prompts", 8,
            "P: n*G*P prompts are scored by entropy before pairs are made").atLeast(1);
    static final Setting ENTROPY_SAMPLES = Setting.integer("apl.entropy_samples", 8,
            "N: completions sampled per prompt to estimate its predictive entropy").atLeast(1);
    static final Setting ENTROPY_TEMPERATURE = Setting.number("apl.entropy_temperature", 1.0,
            "temperature of the entropy samples").above(0);
    static final Setting CERTAINTY_BETA = Setting.number("apl.certainty_beta", 0.2,
            "beta of the certainty score |r(a) - r(b)|, r = beta * (log pi - log pi_ref)").above(0);
    static final Setting TEMPERATURE = Setting.number("apl.temperature", 0.7,
            "temperature of the candidate pairs' completions").above(0);
    static final Setting MIN_NEW_TOKENS = Setting.integer("apl.min_new_tokens", 16,
            "shortest completion in tokens").atLeast(1);
    static final Setting MAX_NEW_TOKENS = Setting.integer("apl.max_new_tokens", 24,
            "longest completion in tokens").atLeast(1);
    static final Setting RESET = Setting.choice("apl.reset", Reset.INITIAL,
            "INITIAL: retrain from the starting weights each round (the paper); CONTINUE: keep training (ablation)");

    /** The section's settings, in file order. */
    public static final List<Setting> SETTINGS = List.of(ACQUISITION, BUDGETS, POOL, OVERGENERATE, OVERSAMPLE_PROMPTS,
            ENTROPY_SAMPLES, ENTROPY_TEMPERATURE, CERTAINTY_BETA, TEMPERATURE, MIN_NEW_TOKENS, MAX_NEW_TOKENS, RESET);

    public AplSettings {
        ACQUISITION.check(acquisition);
        budgets = List.copyOf(BUDGETS.check(budgets));
        if (budgets.isEmpty()) {
            throw BUDGETS.invalid(budgets, "give at least one budget");
        }
        for (int i = 0; i < budgets.size(); i++) {
            double m = budgets.get(i);
            if (m != Math.rint(m)) {
                throw BUDGETS.invalid(m, "each budget is a whole number of labels");
            }
            if (i > 0 && m <= budgets.get(i - 1)) {
                throw BUDGETS.invalid(budgets, "budgets must increase (" + budgets.get(i - 1) + " then " + m + ")");
            }
        }
        POOL.check(pool);
        OVERGENERATE.check(overgenerate);
        OVERSAMPLE_PROMPTS.check(oversamplePrompts);
        ENTROPY_SAMPLES.check(entropySamples);
        ENTROPY_TEMPERATURE.check(entropyTemperature);
        CERTAINTY_BETA.check(certaintyBeta);
        TEMPERATURE.check(temperature);
        MIN_NEW_TOKENS.check(minNewTokens);
        MAX_NEW_TOKENS.check(maxNewTokens);
        if (minNewTokens > maxNewTokens) {
            throw MIN_NEW_TOKENS.invalid(minNewTokens, "at most apl.max_new_tokens (" + maxNewTokens + ")");
        }
        RESET.check(reset);
    }

    @JsonCreator
    static AplSettings fromJson(
            @JsonProperty("acquisition") String acquisition,
            @JsonProperty("budgets") List<Double> budgets,
            @JsonProperty("pool") Pool pool,
            @JsonProperty("overgenerate") Integer overgenerate,
            @JsonProperty("oversample_prompts") Integer oversamplePrompts,
            @JsonProperty("entropy_samples") Integer entropySamples,
            @JsonProperty("entropy_temperature") Double entropyTemperature,
            @JsonProperty("certainty_beta") Double certaintyBeta,
            @JsonProperty("temperature") Double temperature,
            @JsonProperty("min_new_tokens") Integer minNewTokens,
            @JsonProperty("max_new_tokens") Integer maxNewTokens,
            @JsonProperty("reset") Reset reset) {
        return new AplSettings(ACQUISITION.or(acquisition), BUDGETS.or(budgets), POOL.or(pool),
                OVERGENERATE.or(overgenerate), OVERSAMPLE_PROMPTS.or(oversamplePrompts),
                ENTROPY_SAMPLES.or(entropySamples), ENTROPY_TEMPERATURE.or(entropyTemperature),
                CERTAINTY_BETA.or(certaintyBeta), TEMPERATURE.or(temperature), MIN_NEW_TOKENS.or(minNewTokens),
                MAX_NEW_TOKENS.or(maxNewTokens), RESET.or(reset));
    }

    public static AplSettings defaults() {
        return fromJson(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The budget after round {@code r} (0-based), as a count. */
    public int budget(int r) {
        return (int) Math.round(budgets.get(r));
    }

    public int rounds() {
        return budgets.size();
    }
}
