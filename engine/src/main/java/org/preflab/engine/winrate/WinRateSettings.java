package org.preflab.engine.winrate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;

/**
 * The {@code "winrate"} section: how the label-efficient loops evaluate. On each held-out prompt the policy and the
 * reference each sample one completion with the same seed; the oracle judges them, shown in a random order.
 *
 * @param temperature sampling temperature of both completions (0.25 in APL's evaluation)
 * @param maxNewTokens longest completion, in tokens
 * @param maxPrompts evaluate at most this many held-out prompts (0: all)
 */
public record WinRateSettings(
        @JsonProperty("temperature") double temperature,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("max_prompts") int maxPrompts) {

    static final Setting TEMPERATURE = Setting.number("winrate.temperature", 0.25,
            "sampling temperature of the policy's and the reference's completions").atLeast(0);
    static final Setting MAX_NEW_TOKENS = Setting.integer("winrate.max_new_tokens", 24,
            "longest completion in tokens").atLeast(1);
    static final Setting MAX_PROMPTS = Setting.integer("winrate.max_prompts", 1024,
            "evaluate at most this many held-out prompts (0: all)").atLeast(0);

    public static final List<Setting> SETTINGS = List.of(TEMPERATURE, MAX_NEW_TOKENS, MAX_PROMPTS);

    public WinRateSettings {
        TEMPERATURE.check(temperature);
        MAX_NEW_TOKENS.check(maxNewTokens);
        MAX_PROMPTS.check(maxPrompts);
    }

    @JsonCreator
    static WinRateSettings fromJson(
            @JsonProperty("temperature") Double temperature,
            @JsonProperty("max_new_tokens") Integer maxNewTokens,
            @JsonProperty("max_prompts") Integer maxPrompts) {
        return new WinRateSettings(TEMPERATURE.or(temperature), MAX_NEW_TOKENS.or(maxNewTokens),
                MAX_PROMPTS.or(maxPrompts));
    }

    public static WinRateSettings defaults() {
        return fromJson(null, null, null);
    }
}
