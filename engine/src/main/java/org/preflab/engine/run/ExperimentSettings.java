package org.preflab.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.preflab.engine.data.chat.RenderLimits;
import org.preflab.engine.dpo.DpoSettings;
import org.preflab.engine.dpo.SdpoSettings;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.spo.SpoSettings;
import org.preflab.engine.train.TrainConfig;

/**
 * Every setting of experiment.json, section by section, in file order: the top-level and "data" settings declared
 * here, the others beside their records ({@link TrainConfig#SETTINGS}, {@link DpoSettings#SETTINGS}, ...). Config
 * validation, {@code --set} and the workbench's property sheet all read these, so a key, default, range or help
 * line is written once.
 */
public final class ExperimentSettings {
    private ExperimentSettings() {}

    static final Setting NAME = Setting.text("name", null, "a short name; run folders are named after it")
            .matching("[A-Za-z0-9._-]{1,64}", "use 1-64 letters, digits, . _ -")
            .required("give a short name (letters, digits, . _ -); run folders are named after it");
    static final Setting METHOD = Setting.choice("method", "sft", List.of("sft", "dpo", "sdpo", "apl", "spa",
            "reward"), "the method: sft (supervised), dpo (preference pairs), sdpo (stepwise DPO), apl (active "
            + "preference learning), spa (self-generated preferences) or reward (a Bradley-Terry reward model)");
    static final Setting MODEL = Setting.path("model", null, "the starting checkpoint, a Hugging Face model folder")
            .required("give the starting checkpoint folder");
    static final Setting EVAL_EVERY = Setting.integer("eval_every", 0,
            "evaluate every this many optimizer steps (and always at the end)").atLeast(0);
    static final Setting RUNS_DIR = Setting.path("runs_dir", "runs", "where run folders are made");

    static final Setting DATA_TRAIN = Setting.path("data.train", null,
            "training data, JSONL or JSON: preference pairs (dpo, sdpo, reward) or prompt/completion records (sft)");
    static final Setting DATA_EVAL = Setting.path("data.eval", null,
            "held-out pairs for evaluation (or give eval_fraction instead)");
    static final Setting DATA_EVAL_FRACTION = Setting.number("data.eval_fraction", 0.0,
            "a seeded share of the training data held out for evaluation").atLeast(0).below(1);
    static final Setting DATA_MAX_LENGTH = Setting.integer("data.max_length", 512,
            "longest prompt + response in tokens; longer sequences lose their end").atLeast(2);
    static final Setting DATA_MAX_PROMPT_LENGTH = Setting.integer("data.max_prompt_length", 0,
            "longest prompt in tokens (its end is kept); 0: no limit of its own").atLeast(0);

    // Settings, not engine constants: a checkpoint with an unusual but honest template can be let through.
    static final Setting DATA_TEMPLATE_TIME_LIMIT = Setting.number("data.template_time_limit_s",
            RenderLimits.DEFAULT.timeLimitSeconds(), "seconds one chat-template render may take (templates come "
            + "with downloaded models and are untrusted; real ones need milliseconds)").above(0);
    static final Setting DATA_TEMPLATE_MAX_OUTPUT = Setting.integer("data.template_max_output",
            RenderLimits.DEFAULT.maxOutputChars(), "characters a chat-template render may add to the messages' "
            + "own text (real templates add a few hundred)").atLeast(1);

    /** The sections in file order; "" is the top level. */
    public static final List<String> SECTIONS = List.of("", "data", "train", "dpo", "sdpo", "spo", "apl", "spa",
            "oracle", "winrate", "reward");

    private static final List<Setting> TOP_LEVEL = List.of(NAME, METHOD, MODEL, EVAL_EVERY, RUNS_DIR);
    private static final List<Setting> DATA = List.of(DATA_TRAIN, DATA_EVAL, DATA_EVAL_FRACTION, DATA_MAX_LENGTH,
            DATA_MAX_PROMPT_LENGTH, DATA_TEMPLATE_TIME_LIMIT, DATA_TEMPLATE_MAX_OUTPUT);

    /** The settings of one section ("" for the top level). */
    public static List<Setting> section(String section) {
        return switch (section) {
            case "" -> TOP_LEVEL;
            case "data" -> DATA;
            case "train" -> TrainConfig.SETTINGS;
            case "dpo" -> DpoSettings.SETTINGS;
            case "sdpo" -> SdpoSettings.SETTINGS;
            case "spo" -> SpoSettings.SETTINGS;
            case "apl" -> org.preflab.engine.apl.AplSettings.SETTINGS;
            case "spa" -> org.preflab.engine.spa.SpaSettings.SETTINGS;
            case "oracle" -> org.preflab.engine.oracle.OracleSettings.SETTINGS;
            case "winrate" -> org.preflab.engine.winrate.WinRateSettings.SETTINGS;
            case "reward" -> org.preflab.engine.reward.RewardSettings.SETTINGS;
            default -> throw new IllegalArgumentException("no section '" + section + "'; sections: "
                    + String.join(", ", SECTIONS.subList(1, SECTIONS.size())));
        };
    }

    /** All settings, section by section. */
    public static List<Setting> all() {
        List<Setting> out = new ArrayList<>();
        SECTIONS.forEach(s -> out.addAll(section(s)));
        return List.copyOf(out);
    }

    /** The setting with this dotted key ("train.learning_rate", "name"). */
    public static Optional<Setting> find(String key) {
        return all().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The names of a section's keys, for "known keys here" messages. */
    public static List<String> names(String section) {
        return section(section).stream().map(Setting::name).toList();
    }
}
