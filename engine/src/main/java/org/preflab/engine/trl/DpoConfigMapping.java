package org.preflab.engine.trl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.preflab.engine.dpo.DpoSettings;
import org.preflab.engine.run.ExperimentSettings;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.train.LrSchedule;
import org.preflab.engine.train.TrainConfig;

/**
 * A PrefLab experiment as TRL's DPOConfig (plus train_dpo.py's own arguments), field by field as
 * {@link TrlSettingMap} says, with the settings that do not carry over listed. What TRL cannot train the same way
 * (another method, a loss TRL does not have) is refused with the reason rather than exported as something else.
 */
public final class DpoConfigMapping {
    /** TRL 1.x DPOTrainer's loss types (trl/trainer/dpo_trainer.py, _compute_loss). */
    public static final Set<String> TRL_LOSS_TYPES = Set.of("sigmoid", "hinge", "ipo", "exo_pair", "nca_pair",
            "robust", "bco_pair", "sppo_hard", "aot", "aot_unpaired", "apo_zero", "apo_down", "discopop", "sft",
            "sigmoid_norm");

    /** One line of the YAML: a heading comment (key null) or a field with an optional trailing comment. */
    public record Line(String key, Object value, String comment) {
        static Line heading(String text) {
            return new Line(null, null, text);
        }
    }

    /** A setting that does not carry over, with its value in this experiment and why. */
    public record Unmapped(String key, String value, String reason) {
        @Override
        public String toString() {
            return key + " = " + value + ": " + reason;
        }
    }

    /** The mapped config. */
    public record Result(List<Line> lines, List<Unmapped> unmapped, List<String> notes) {}

    private DpoConfigMapping() {}

    /**
     * Maps {@code cfg} (paths absolute). {@code hasEval}: an eval file is exported. {@code outputDir}: TRL's
     * output_dir, relative to the export folder.
     *
     * @throws IllegalArgumentException when the experiment cannot be trained by DPOTrainer
     */
    public static Result map(RunConfig cfg, TrlExportOptions opt, boolean hasEval, String outputDir) {
        List<String> notes = new ArrayList<>();
        refuseWhatCannotMap(cfg, opt);
        TrainConfig t = cfg.train();
        DpoSettings d = cfg.dpo();
        List<Line> l = new ArrayList<>();
        l.add(Line.heading("model and data (train_dpo.py's own arguments)"));
        l.add(new Line("model_name_or_path", cfg.model(), "model"));
        l.add(new Line("train_file", "train.jsonl", "data.train"));
        if (hasEval) {
            l.add(new Line("eval_file", "eval.jsonl", cfg.data().eval() != null ? "data.eval" : "data.eval_fraction"));
        }
        l.add(Line.heading("run"));
        l.add(new Line("output_dir", outputDir, "where TRL writes trainer_state.json and checkpoint-N/"));
        l.add(new Line("run_name", cfg.name(), "name"));
        l.add(new Line("seed", t.seed(), "train.seed"));
        if (opt.sameOrder()) {
            l.add(new Line("train_sampling_strategy", "sequential", "--same-order: train.jsonl is in PrefLab's "
                    + "first-epoch order (later epochs repeat it; PrefLab reshuffles)"));
        }
        l.add(Line.heading("optimisation"));
        l.add(new Line("learning_rate", t.learningRate(), "train.learning_rate"));
        l.add(new Line("lr_scheduler_type", schedule(t), "train.schedule"));
        l.add(new Line("warmup_steps", t.warmupSteps(), "train.warmup_steps"));
        l.add(new Line("optim", "adamw_torch", "PrefLab's optimizer is AdamW"));
        l.add(new Line("weight_decay", t.weightDecay(), "train.weight_decay"));
        l.add(new Line("adam_beta1", t.beta1(), "train.adam_beta1"));
        l.add(new Line("adam_beta2", t.beta2(), "train.adam_beta2"));
        l.add(new Line("adam_epsilon", t.adamEps(), "train.adam_epsilon"));
        l.add(new Line("max_grad_norm", t.maxGradNorm(), "train.max_grad_norm"));
        int devices = Math.max(1, opt.gpus());
        int perDevice = t.microBatchSize();
        int accumulation = t.gradAccumulation();
        if (devices > 1) {
            if (accumulation % devices == 0) {
                accumulation /= devices;
            } else if (perDevice % devices == 0) {
                perDevice /= devices;
            } else {
                notes.add("an optimizer step sees " + devices + "x the pairs of PrefLab's (" + devices + " GPUs x "
                        + perDevice + " x " + accumulation + "): neither micro_batch_size nor "
                        + "gradient_accumulation_steps divides by " + devices);
            }
        }
        l.add(new Line("per_device_train_batch_size", perDevice, "train.micro_batch_size"));
        l.add(new Line("per_device_eval_batch_size", perDevice, "train.micro_batch_size"));
        l.add(new Line("gradient_accumulation_steps", accumulation, "train.gradient_accumulation_steps"));
        l.add(new Line("num_train_epochs", t.epochs(), "train.epochs"));
        l.add(new Line("max_steps", t.maxSteps() > 0 ? t.maxSteps() : -1, "train.max_steps"));
        l.add(Line.heading("DPO"));
        l.add(new Line("loss_type", d.lossType(), "dpo.loss_type"));
        if (!d.lossWeights().isEmpty()) {
            l.add(new Line("loss_weights", d.lossWeights(), "dpo.loss_weights"));
        }
        l.add(new Line("beta", d.beta(), "dpo.beta"));
        l.add(new Line("label_smoothing", d.labelSmoothing(), "dpo.label_smoothing"));
        l.add(new Line("discopop_tau", d.discopopTau(), "dpo.discopop_tau"));
        l.add(new Line("precompute_ref_log_probs", d.reference().equals("precomputed"), "dpo.reference"));
        l.add(new Line("max_length", cfg.data().maxLength(), "data.max_length"));
        l.add(new Line("truncation_mode", "keep_start", "PrefLab keeps the start"));
        l.add(new Line("disable_dropout", true, "PrefLab's models have no dropout"));
        l.add(Line.heading("evaluation, checkpoints, logging"));
        boolean evalSteps = hasEval && cfg.evalEvery() > 0;
        l.add(new Line("eval_strategy", evalSteps ? "steps" : "no", "eval_every (train_dpo.py also evaluates at "
                + "the end)"));
        if (evalSteps) {
            l.add(new Line("eval_steps", cfg.evalEvery(), "eval_every"));
        }
        l.add(new Line("save_strategy", t.checkpointEvery() > 0 ? "steps" : "no", "train.checkpoint_every (the "
                + "model is saved at the end either way)"));
        if (t.checkpointEvery() > 0) {
            l.add(new Line("save_steps", t.checkpointEvery(), "train.checkpoint_every"));
        }
        l.add(new Line("logging_steps", 1, "PrefLab records every step (TRL's default averages 10)"));
        l.add(new Line("report_to", "none", "PrefLab follows trainer_state.json"));
        l.add(Line.heading("precision: PrefLab computes in float32; on GPUs bf16 true and gradient_checkpointing "
                + "true are TRL's (faster, not bit-comparable) defaults"));
        l.add(new Line("bf16", false, null));
        l.add(new Line("fp16", false, null));
        l.add(new Line("gradient_checkpointing", false, null));
        if (opt.gpus() == 0) {
            l.add(new Line("use_cpu", true, "--gpus 0"));
        }
        notes.add("data order: " + (opt.sameOrder() ? "PrefLab's first epoch, sampled sequentially"
                : "TRL shuffles with torch's RandomSampler (seed " + t.seed() + "), not PrefLab's order"));
        return new Result(l, unmappedInUse(cfg), notes);
    }

    private static void refuseWhatCannotMap(RunConfig cfg, TrlExportOptions opt) {
        String m = cfg.method();
        switch (m) {
            case "sft" -> throw new IllegalArgumentException("method sft trains with TRL's SFTTrainer, not "
                    + "DPOTrainer: export-trl writes a DPOConfig for dpo experiments (sdpo with --allow-unmapped)");
            case "reward" -> throw new IllegalArgumentException("method reward trains with TRL's RewardTrainer, "
                    + "not DPOTrainer: export-trl writes a DPOConfig for dpo experiments");
            case "apl", "spa" -> throw new IllegalArgumentException("method " + m + " ("
                    + TrlSettingMap.unmappedSections().get(m) + ") has no TRL DPOTrainer equivalent: export-trl "
                    + "exports dpo experiments (sdpo with --allow-unmapped)");
            case "sdpo" -> {
                if (!opt.allowUnmapped()) {
                    throw new IllegalArgumentException("method sdpo: " + TrlSettingMap.unmappedSections().get("sdpo")
                            .replace("with --allow-unmapped an", "an") + "; add --allow-unmapped to export it so");
                }
            }
            default -> { }
        }
        if (cfg.spo() != null && !opt.allowUnmapped()) {
            throw new IllegalArgumentException("the spo section: TRL has no SPO degree loss; add --allow-unmapped to "
                    + "export the alignment loss alone (listed as unmapped)");
        }
        List<String> foreign = cfg.dpo().lossType().stream().filter(x -> !TRL_LOSS_TYPES.contains(x)).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("dpo.loss_type " + foreign + " has no TRL equivalent (TRL's: "
                    + String.join(", ", TRL_LOSS_TYPES.stream().sorted().toList()) + ")"
                    + (foreign.contains("cdpo") ? "; cdpo was TRL's sigmoid with label_smoothing up to 0.28, it is "
                    + "not in TRL 1.x" : ""));
        }
    }

    private static String schedule(TrainConfig t) {
        return switch (t.schedule()) {
            case CONSTANT -> t.warmupSteps() > 0 ? "constant_with_warmup" : "constant";
            case LINEAR -> "linear";
            case COSINE -> "cosine";
        };
    }

    /** The unmapped settings of the sections this experiment uses, with their values. */
    static List<Unmapped> unmappedInUse(RunConfig cfg) {
        JsonNode tree = cfg.toTree();
        List<Unmapped> out = new ArrayList<>();
        for (Setting s : ExperimentSettings.all()) {
            boolean inUse = TrlSettingMap.EXPORTED_SECTIONS.contains(s.section()) || tree.has(s.section());
            TrlSettingMap.Entry e = TrlSettingMap.entry(s.key()).orElseThrow();
            if (inUse && !e.mapped()) {
                JsonNode sec = s.section().isEmpty() ? tree : tree.path(s.section());
                JsonNode v = sec.get(s.name());
                String value = v == null || v.isNull() ? s.format(s.defaultValue()) + " (default)" : v.toString();
                out.add(new Unmapped(s.key(), value, e.note()));
            }
        }
        return out;
    }

    /** The YAML text: a header, the UNMAPPED list as comments, then the fields. */
    public static String yaml(Result r, String source) {
        StringBuilder sb = new StringBuilder();
        sb.append("# TRL DPOConfig exported by PrefLab (preflab export-trl) from ").append(source).append('\n');
        sb.append("# Read by train_dpo.py with TRL's TrlParser; any field can be overridden on the command line,\n");
        sb.append("# e.g. bash launch.sh --model_name_or_path /path/on/this/machine --learning_rate 5.0e-5\n");
        sb.append("# Each field's comment names the PrefLab setting it comes from (MAPPING.md has them all).\n#\n");
        if (r.unmapped().isEmpty()) {
            sb.append("# UNMAPPED: none\n");
        } else {
            sb.append("# UNMAPPED (PrefLab settings TRL does not get; the run differs where these matter):\n");
            r.unmapped().forEach(u -> sb.append("#   ").append(u).append('\n'));
        }
        r.notes().forEach(n -> sb.append("# NOTE: ").append(n).append('\n'));
        for (Line line : r.lines()) {
            if (line.key() == null) {
                sb.append("\n# ").append(line.comment()).append('\n');
                continue;
            }
            sb.append(line.key()).append(": ").append(YamlText.value(line.value()));
            if (line.comment() != null) {
                sb.append("  # ").append(line.comment());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
