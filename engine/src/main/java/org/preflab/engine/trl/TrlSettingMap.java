package org.preflab.engine.trl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.preflab.engine.run.ExperimentSettings;
import org.preflab.engine.settings.Setting;

/**
 * Where every PrefLab setting goes in a TRL export: a {@code DPOConfig} field (or one of train_dpo.py's own
 * arguments), or nowhere, with the reason. The sections a DPO export writes (top level, data, train, dpo) name each
 * key; the sections of methods TRL's DPOTrainer cannot run (sdpo, spo, apl, spa, oracle, winrate, reward) are
 * unmapped as a whole, with one reason per section. {@link #entry} answers for every key of
 * {@link ExperimentSettings#all()}, and a test fails when a new setting is not in this table.
 */
public final class TrlSettingMap {
    private TrlSettingMap() {}

    /**
     * One setting's fate.
     *
     * @param key the PrefLab setting ("train.learning_rate")
     * @param trl the TRL / train_dpo.py field(s) it becomes, or "" when unmapped
     * @param note how it maps, or why it cannot
     */
    public record Entry(String key, String trl, String note) {
        public boolean mapped() {
            return !trl.isEmpty();
        }
    }

    /** The sections whose keys are mapped one by one (a DPO export writes them). */
    public static final List<String> EXPORTED_SECTIONS = List.of("", "data", "train", "dpo");

    private static final Map<String, Entry> BY_KEY = new LinkedHashMap<>();
    private static final Map<String, String> UNMAPPED_SECTIONS = new LinkedHashMap<>();

    static {
        map("name", "run_name", "the run's name (output_dir is <name>-trl beside the export)");
        map("method", "DPOTrainer", "dpo trains with DPOTrainer; sdpo only with --allow-unmapped (as all-at-once "
                + "DPO); apl, spa, reward and sft are refused (not a DPOConfig)");
        map("model", "model_name_or_path", "the starting checkpoint folder, absolute (train_dpo.py argument; "
                + "override with --model_name_or_path on another machine)");
        map("eval_every", "eval_strategy, eval_steps", "\"steps\" every N; PrefLab also evaluates at the end, "
                + "train_dpo.py calls trainer.evaluate() after training");
        unmapped("runs_dir", "TRL writes its run to output_dir (<name>-trl in the export folder)");
        map("data.train", "train_file", "train.jsonl: the pairs PrefLab trains on (eval split off, pairs the "
                + "length limits drop left out), in TRL's standard form or, for conversations, as given");
        map("data.eval", "eval_file", "eval.jsonl, converted as train.jsonl");
        map("data.eval_fraction", "eval_file", "the same seeded split PrefLab makes, written to eval.jsonl");
        map("data.max_length", "max_length", "with truncation_mode keep_start, as PrefLab truncates");
        unmapped("data.max_prompt_length", "TRL 1.x's DPOConfig has no prompt limit of its own (0 = none is "
                + "the same)");
        unmapped("data.template_time_limit_s", "TRL renders chat templates without a time limit");
        unmapped("data.template_max_output", "TRL renders chat templates without an output limit");
        map("train.learning_rate", "learning_rate", "same meaning (TRL's default is 1e-6)");
        map("train.schedule", "lr_scheduler_type", "CONSTANT -> constant (constant_with_warmup when warming "
                + "up), LINEAR -> linear, COSINE -> cosine");
        map("train.warmup_steps", "warmup_steps", "same meaning: linear from 0");
        map("train.weight_decay", "weight_decay", "AdamW (optim adamw_torch); both exclude biases and norms");
        map("train.adam_beta1", "adam_beta1", "same meaning");
        map("train.adam_beta2", "adam_beta2", "same meaning");
        map("train.adam_epsilon", "adam_epsilon", "same meaning");
        map("train.max_grad_norm", "max_grad_norm", "same meaning; 0 turns clipping off in both");
        map("train.micro_batch_size", "per_device_train_batch_size, per_device_eval_batch_size",
                "per device; with --gpus N the pairs per optimizer step stay the same where they divide");
        map("train.gradient_accumulation_steps", "gradient_accumulation_steps", "divided by --gpus N when it "
                + "divides, so an optimizer step sees the same pairs");
        map("train.epochs", "num_train_epochs", "same meaning");
        map("train.max_steps", "max_steps", "0 (epochs decide) becomes -1");
        map("train.seed", "seed", "same seed, different generator: TRL's data order is torch's RandomSampler "
                + "(--same-order writes PrefLab's first-epoch order and samples sequentially)");
        map("train.checkpoint_every", "save_strategy, save_steps", "0 saves at the end only (save_strategy no, "
                + "train_dpo.py saves the model when training ends)");
        map("dpo.loss_type", "loss_type", "the same ids; cdpo and plugin losses have no TRL equivalent and are "
                + "refused");
        map("dpo.loss_weights", "loss_weights", "same meaning (none given: 1 each)");
        map("dpo.beta", "beta", "same meaning");
        map("dpo.label_smoothing", "label_smoothing", "same meaning for robust, exo_pair, aot (TRL also applies "
                + "it to aot_unpaired)");
        map("dpo.discopop_tau", "discopop_tau", "same meaning");
        map("dpo.reference", "precompute_ref_log_probs", "precomputed -> true, model -> false");

        UNMAPPED_SECTIONS.put("sdpo", "TRL has no stepwise reference refresh: with --allow-unmapped an sdpo "
                + "experiment exports as one DPO run over all its pairs, against the initial reference");
        UNMAPPED_SECTIONS.put("spo", "TRL has no SPO degree loss: with --allow-unmapped the export trains the "
                + "alignment loss alone (lambda 0)");
        UNMAPPED_SECTIONS.put("apl", "active learning rounds (acquire, label, retrain) are not a DPOConfig");
        UNMAPPED_SECTIONS.put("spa", "self-generated preferences (sample, self-label, retrain) are not a "
                + "DPOConfig");
        UNMAPPED_SECTIONS.put("oracle", "oracles label pairs for apl and spa, which TRL's DPOTrainer does not run");
        UNMAPPED_SECTIONS.put("winrate", "win rates are measured by apl and spa, which are not exported");
        UNMAPPED_SECTIONS.put("reward", "reward models train with TRL's RewardTrainer, not DPOTrainer");
    }

    private static void map(String key, String trl, String note) {
        BY_KEY.put(key, new Entry(key, trl, note));
    }

    private static void unmapped(String key, String reason) {
        BY_KEY.put(key, new Entry(key, "", reason));
    }

    /** The fate of a setting; empty for a key this table does not know (a test keeps that from happening). */
    public static Optional<Entry> entry(String key) {
        Entry e = BY_KEY.get(key);
        if (e != null) {
            return Optional.of(e);
        }
        Setting s = ExperimentSettings.find(key).orElse(null);
        if (s == null || !UNMAPPED_SECTIONS.containsKey(s.section())) {
            return Optional.empty();
        }
        return Optional.of(new Entry(key, "", UNMAPPED_SECTIONS.get(s.section())));
    }

    /** The keys named one by one (every one of them must be a real setting). */
    public static List<String> namedKeys() {
        return List.copyOf(BY_KEY.keySet());
    }

    /** The sections unmapped as a whole, with their reason. */
    public static Map<String, String> unmappedSections() {
        return Map.copyOf(UNMAPPED_SECTIONS);
    }

    /** Every setting's entry, in the order of {@link ExperimentSettings#all()}. */
    public static List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Setting s : ExperimentSettings.all()) {
            out.add(entry(s.key()).orElseThrow(() -> new IllegalStateException(s.key() + " is not in the TRL "
                    + "setting map")));
        }
        return out;
    }
}
