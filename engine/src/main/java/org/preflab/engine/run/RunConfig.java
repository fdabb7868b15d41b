package org.preflab.engine.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.preflab.engine.data.chat.RenderLimits;
import org.preflab.engine.dpo.DpoSettings;
import org.preflab.engine.dpo.SdpoSettings;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.apl.AplSettings;
import org.preflab.engine.oracle.OracleSettings;
import org.preflab.engine.reward.RewardSettings;
import org.preflab.engine.spa.SpaSettings;
import org.preflab.engine.spo.SpoSettings;
import org.preflab.engine.winrate.WinRateSettings;
import org.preflab.engine.train.TrainConfig;

/**
 * A run's whole configuration, as the experiment.json of a project. Paths are relative to the file's folder.
 * Loading rejects unknown keys and bad values with the file, line and the value quoted; each setting's default,
 * range and message come from its description ({@link ExperimentSettings}).
 *
 * @param name a short name; run folders are named after it
 * @param method the objective: "sft", "dpo", "sdpo", "apl" (active preference learning), "spa" (self-generated
 *     preferences) or "reward" (a Bradley-Terry reward model)
 * @param model the starting checkpoint (a Hugging Face folder)
 * @param data training data and length limits
 * @param train optimisation settings
 * @param dpo the preference loss (dpo and sdpo; defaults when left out; method reward refuses one)
 * @param sdpo stepwise DPO's split into steps (sdpo only)
 * @param spo SPO's degree loss beside the alignment loss (dpo and sdpo; absent: off)
 * @param apl active preference learning's rounds (apl only; defaults when left out)
 * @param spa self-generated preferences' iterations (spa only; defaults when left out)
 * @param oracle who labels and judges (apl, spa; defaults when left out: the dataset's labels); for dpo and sdpo,
 *     who judges the win rate at each evaluation (none when left out)
 * @param winrate how the policy is evaluated against the reference (apl, spa; dpo and sdpo with an oracle)
 * @param reward the reward model's loss (reward only; defaults when left out)
 * @param evalEvery evaluate every this many optimizer steps, and at the end
 * @param runsDir where run folders go (default "runs")
 */
public record RunConfig(
        @JsonProperty("name") String name,
        @JsonProperty("method") String method,
        @JsonProperty("model") String model,
        @JsonProperty("data") DataConfig data,
        @JsonProperty("train") TrainConfig train,
        @JsonProperty("dpo") DpoSettings dpo,
        @JsonProperty("sdpo") SdpoSettings sdpo,
        @JsonProperty("spo") SpoSettings spo,
        @JsonProperty("apl") AplSettings apl,
        @JsonProperty("spa") SpaSettings spa,
        @JsonProperty("oracle") OracleSettings oracle,
        @JsonProperty("winrate") WinRateSettings winrate,
        @JsonProperty("reward") RewardSettings reward,
        @JsonProperty("eval_every") int evalEvery,
        @JsonProperty("runs_dir") String runsDir) {

    /**
     * The data: {@code train} (JSONL or JSON; SFT: prompt/completion records; DPO: preference pairs), an optional
     * {@code eval} file or a seeded {@code eval_fraction} of train, and length limits in tokens.
     */
    public record DataConfig(
            @JsonProperty("train") String train,
            @JsonProperty("eval") String eval,
            @JsonProperty("eval_fraction") double evalFraction,
            @JsonProperty("max_length") int maxLength,
            @JsonProperty("max_prompt_length") int maxPromptLength,
            @JsonProperty("template_time_limit_s") double templateTimeLimitS,
            @JsonProperty("template_max_output") long templateMaxOutput) {
        /** The files and length limits, with the chat-template limits at their defaults. */
        public DataConfig(String train, String eval, double evalFraction, int maxLength, int maxPromptLength) {
            this(train, eval, evalFraction, maxLength, maxPromptLength, RenderLimits.DEFAULT.timeLimitSeconds(),
                    RenderLimits.DEFAULT.maxOutputChars());
        }

        /** Reads the "data" section; fields left out take their defaults (max_length 512, the rest none). */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static DataConfig fromJson(
                @JsonProperty("train") String train,
                @JsonProperty("eval") String eval,
                @JsonProperty("eval_fraction") Double evalFraction,
                @JsonProperty("max_length") Integer maxLength,
                @JsonProperty("max_prompt_length") Integer maxPromptLength,
                @JsonProperty("template_time_limit_s") Double templateTimeLimitS,
                @JsonProperty("template_max_output") Long templateMaxOutput) {
            return new DataConfig(ExperimentSettings.DATA_TRAIN.or(train), ExperimentSettings.DATA_EVAL.or(eval),
                    ExperimentSettings.DATA_EVAL_FRACTION.or(evalFraction),
                    ExperimentSettings.DATA_MAX_LENGTH.or(maxLength),
                    ExperimentSettings.DATA_MAX_PROMPT_LENGTH.or(maxPromptLength),
                    ExperimentSettings.DATA_TEMPLATE_TIME_LIMIT.or(templateTimeLimitS),
                    ExperimentSettings.DATA_TEMPLATE_MAX_OUTPUT.or(templateMaxOutput));
        }

        /** How much work one chat-template render may do. */
        public RenderLimits templateLimits() {
            return new RenderLimits(templateTimeLimitS, templateMaxOutput);
        }

        public DataConfig {
            ExperimentSettings.DATA_TRAIN.check(train);
            ExperimentSettings.DATA_EVAL.check(eval);
            ExperimentSettings.DATA_EVAL_FRACTION.check(evalFraction);
            if (eval != null && evalFraction > 0) {
                throw new IllegalArgumentException("data: give either eval (a file) or eval_fraction, not both");
            }
            ExperimentSettings.DATA_MAX_PROMPT_LENGTH.check(maxPromptLength);
            ExperimentSettings.DATA_MAX_LENGTH.check(maxLength);
            ExperimentSettings.DATA_TEMPLATE_TIME_LIMIT.check(templateTimeLimitS);
            ExperimentSettings.DATA_TEMPLATE_MAX_OUTPUT.check(templateMaxOutput);
        }
    }

    public RunConfig {
        ExperimentSettings.NAME.check(name);
        method = ExperimentSettings.METHOD.check(ExperimentSettings.METHOD.or(method));
        if (method.equals("sdpo") && sdpo == null) {
            throw new IllegalArgumentException("method sdpo needs an \"sdpo\" section (partition, steps or files)");
        }
        if (method.equals("reward") && dpo != null) { // a reward model has no reference and no DPO loss
            throw new IllegalArgumentException("a \"dpo\" section needs a preference-tuning method, not reward");
        }
        if (!method.equals("sft") && !method.equals("reward") && dpo == null) {
            dpo = DpoSettings.defaults();
        }
        if (spo != null && !method.equals("dpo") && !method.equals("sdpo")) {
            throw new IllegalArgumentException("an \"spo\" section needs method dpo or sdpo, not " + method);
        }
        if (apl != null && !method.equals("apl")) {
            throw new IllegalArgumentException("an \"apl\" section needs method apl, not " + method);
        }
        if (spa != null && !method.equals("spa")) {
            throw new IllegalArgumentException("an \"spa\" section needs method spa, not " + method);
        }
        if (method.equals("apl") && apl == null) {
            apl = AplSettings.defaults();
        }
        if (method.equals("spa") && spa == null) {
            spa = SpaSettings.defaults();
        }
        boolean loop = method.equals("apl") || method.equals("spa");
        boolean tuning = method.equals("dpo") || method.equals("sdpo");
        if (!loop && !tuning && (oracle != null || winrate != null)) {
            throw new IllegalArgumentException("\"oracle\" and \"winrate\" sections need method dpo, sdpo, apl or "
                    + "spa, not " + method);
        }
        if (tuning && winrate != null && oracle == null) {
            throw new IllegalArgumentException("a \"winrate\" section for method " + method + " needs an \"oracle\" "
                    + "section that judges new completions (type rules or reward_model)");
        }
        if (tuning && oracle != null) { // the oracle of a DPO run judges its win rate at every evaluation
            if (oracle.type().equals("dataset") || oracle.type().equals("human")) {
                throw new IllegalArgumentException("oracle.type \"" + oracle.type() + "\" cannot judge the win rate "
                        + "of a " + method + " run (the completions are new): use rules or reward_model");
            }
            if (winrate == null) {
                winrate = WinRateSettings.defaults();
            }
        }
        if (loop && oracle == null) {
            oracle = OracleSettings.defaults();
        }
        if (loop && winrate == null) {
            winrate = WinRateSettings.defaults();
        }
        if (reward != null && !method.equals("reward")) {
            throw new IllegalArgumentException("a \"reward\" section needs method reward, not " + method);
        }
        if (method.equals("reward") && reward == null) {
            reward = RewardSettings.defaults();
        }
        ExperimentSettings.EVAL_EVERY.check(evalEvery);
        ExperimentSettings.MODEL.check(model);
        if (data == null) {
            throw new IllegalArgumentException("data is missing: give at least data.train, the training data file");
        }
        if (data.train() == null && !(sdpo != null && sdpo.partition() == SdpoSettings.Partition.BY_FILE)) {
            throw new IllegalArgumentException("data.train is missing: give the training data file");
        }
        if (train == null) {
            train = TrainConfig.defaults();
        }
        if (runsDir == null || runsDir.isBlank()) {
            runsDir = ExperimentSettings.RUNS_DIR.or(null);
        }
    }

    /** Reads a whole config; sections and fields left out take their defaults. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static RunConfig fromJson(
            @JsonProperty("name") String name,
            @JsonProperty("method") String method,
            @JsonProperty("model") String model,
            @JsonProperty("data") DataConfig data,
            @JsonProperty("train") TrainConfig train,
            @JsonProperty("dpo") DpoSettings dpo,
            @JsonProperty("sdpo") SdpoSettings sdpo,
            @JsonProperty("spo") SpoSettings spo,
            @JsonProperty("apl") AplSettings apl,
            @JsonProperty("spa") SpaSettings spa,
            @JsonProperty("oracle") OracleSettings oracle,
            @JsonProperty("winrate") WinRateSettings winrate,
            @JsonProperty("reward") RewardSettings reward,
            @JsonProperty("eval_every") Integer evalEvery,
            @JsonProperty("runs_dir") String runsDir) {
        return new RunConfig(name, method, model, data, train, dpo, sdpo, spo, apl, spa, oracle, winrate, reward,
                ExperimentSettings.EVAL_EVERY.or(evalEvery), runsDir);
    }

    /** This config with other optimisation settings (for forks). */
    public RunConfig withTrain(TrainConfig newTrain) {
        return new RunConfig(name, method, model, data, newTrain, dpo, sdpo, spo, apl, spa, oracle, winrate, reward,
                evalEvery, runsDir);
    }

    /**
     * The config with {@code key=value} overrides applied: a dotted key ("train.learning_rate", "dpo.beta") and its
     * value as typed (a JSON value works too). Each value is read by its setting's description, the result is
     * validated like a file, and an unknown key lists the known keys of its section.
     */
    public RunConfig with(java.util.List<String> overrides) throws IOException {
        return ConfigJson.withOverrides(this, overrides);
    }

    /** Reads and validates a config file; every problem names the file (and line where Jackson knows it). */
    public static RunConfig load(Path file) throws IOException {
        return ConfigJson.read(file);
    }

    /** A config from a JSON tree laid out as experiment.json (what an editor builds); problems as {@link #load}'s. */
    public static RunConfig fromTree(JsonNode tree) throws IOException {
        return ConfigJson.fromTree(tree, "");
    }

    /** This config as experiment.json's tree: keys in a fixed order, sections and values that are absent left out. */
    public ObjectNode toTree() {
        return ConfigJson.toTree(this);
    }

    /** Writes this config as an experiment.json, atomically (a crash leaves the old file or the new one). */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, ConfigJson.toFileText(this).getBytes(StandardCharsets.UTF_8));
    }

    public String toJson() {
        try {
            return ConfigJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
