package org.preflab.engine.oracle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.settings.SettingType;

/**
 * The {@code "oracle"} section: who labels pairs in the label-efficient loops (apl, spa) and judges win rates.
 *
 * @param type the oracle's kind: dataset (the pool's hidden labels), rules (a programmatic reward), human (a person,
 *     in the workbench or on the terminal), reward_model (a Bradley-Terry head on a checkpoint), or a plugin's id
 * @param rules rules: the terms of the reward, each "[weight*]kind[:argument]", e.g. "sentiment",
 *     "0.5*keyword:dragon|castle", "regex:\\bthe end\\b", "-0.02*length", "lexicon:words.tsv"
 * @param tieMargin rules, reward_model: scores closer than this are a tie
 * @param model reward_model: the checkpoint folder trained by a reward-model run
 * @param swap RANDOM: show each pair in a random A/B order (the paper's); NONE: policy first (for debugging)
 */
public record OracleSettings(
        @JsonProperty("type") String type,
        @JsonProperty("rules") List<String> rules,
        @JsonProperty("tie_margin") double tieMargin,
        @JsonProperty("model") String model,
        @JsonProperty("swap") Swap swap) {

    public enum Swap { RANDOM, NONE }

    static final Setting TYPE = Setting.text("oracle.type", "dataset",
            "who labels: dataset (hidden labels), rules (programmatic reward), human, reward_model, or a plugin's id")
            .matching("[a-z0-9_.-]{1,64}", "use an oracle id: lower-case letters, digits, _ . -");
    static final Setting RULES = Setting.list("oracle.rules", SettingType.TEXT, List.of(),
            "rules: reward terms '[weight*]kind[:arg]': sentiment, lexicon:FILE, keyword:a|b, regex:RE, length");
    static final Setting TIE_MARGIN = Setting.number("oracle.tie_margin", 0.0,
            "scores closer than this are a tie (rules, reward_model)").atLeast(0);
    static final Setting MODEL = Setting.path("oracle.model", null,
            "reward_model: the checkpoint folder a reward-model run wrote");
    static final Setting SWAP = Setting.choice("oracle.swap", Swap.RANDOM,
            "RANDOM: each pair shown in a random A/B order, recorded (the paper's); NONE: never swapped");

    /** The section's settings, in file order. */
    public static final List<Setting> SETTINGS = List.of(TYPE, RULES, TIE_MARGIN, MODEL, SWAP);

    public OracleSettings {
        TYPE.check(type);
        rules = List.copyOf(RULES.check(rules));
        TIE_MARGIN.check(tieMargin);
        MODEL.check(model);
        SWAP.check(swap);
        if (type.equals("rules") && rules.isEmpty()) {
            throw RULES.invalid(rules, "oracle type rules needs at least one rule, e.g. [\"sentiment\"]");
        }
        if (type.equals("reward_model") && model == null) {
            throw new IllegalArgumentException("oracle.model is missing: oracle type reward_model needs the "
                    + "checkpoint folder of a reward-model run");
        }
    }

    @JsonCreator
    static OracleSettings fromJson(
            @JsonProperty("type") String type,
            @JsonProperty("rules") List<String> rules,
            @JsonProperty("tie_margin") Double tieMargin,
            @JsonProperty("model") String model,
            @JsonProperty("swap") Swap swap) {
        return new OracleSettings(TYPE.or(type), RULES.or(rules), TIE_MARGIN.or(tieMargin), model, SWAP.or(swap));
    }

    public static OracleSettings defaults() {
        return fromJson(null, null, null, null, null);
    }

    /** The same settings with {@code model} resolved against {@code base}. */
    public OracleSettings withModel(String resolved) {
        return new OracleSettings(type, rules, tieMargin, resolved, swap);
    }
}
