package org.preflab.engine.run.trl;

import java.util.List;
import java.util.Set;
import org.preflab.engine.train.MetricNames;

/**
 * How the entries of a TRL run's trainer_state.json log_history become PrefLab metric rows. TRL's DPOTrainer and
 * PrefLab use the same names, so a metric keeps its name; what differs is listed here (and in MAPPING.md).
 */
public final class TrlMetricMap {
    private TrlMetricMap() {}

    /** One metric: its name in TRL's log_history, in PrefLab, and what to know when comparing them. */
    public record Metric(String trl, String preflab, String note) {}

    /** The keys of TRL's end-of-training entry; an entry holding train_runtime is the run's summary, not a step. */
    public static final String TRAIN_RUNTIME = "train_runtime";

    /** Timing keys of TRL's log entries: kept out of the charts (they are said in the run's events). */
    public static final Set<String> TIMING = Set.of("train_runtime", "train_samples_per_second",
            "train_steps_per_second", "total_flos", "train_loss", "eval_runtime", "eval_samples_per_second",
            "eval_steps_per_second");

    public static final List<Metric> METRICS = List.of(
            new Metric("loss", MetricNames.LOSS, "mean over the logging window (export: logging_steps 1, so per "
                    + "step, as PrefLab)"),
            new Metric("grad_norm", MetricNames.GRAD_NORM, "before clipping, in both"),
            new Metric("learning_rate", MetricNames.LEARNING_RATE, "the rate the step trained at, in both"),
            new Metric("rewards/chosen", MetricNames.REWARDS_CHOSEN, "same definition"),
            new Metric("rewards/rejected", MetricNames.REWARDS_REJECTED, "same definition"),
            new Metric("rewards/margins", MetricNames.REWARDS_MARGINS, "same definition"),
            new Metric("rewards/accuracies", MetricNames.REWARDS_ACCURACIES, "same definition (strict)"),
            new Metric("logps/chosen", MetricNames.LOGPS_CHOSEN, "same definition (summed, batch mean)"),
            new Metric("logps/rejected", MetricNames.LOGPS_REJECTED, "same definition"),
            new Metric("logits/chosen", MetricNames.LOGITS_CHOSEN, "same definition"),
            new Metric("logits/rejected", MetricNames.LOGITS_REJECTED, "same definition"),
            new Metric("entropy", MetricNames.ENTROPY, "same definition"),
            new Metric("num_tokens", MetricNames.NUM_TOKENS, "tokens trained so far (TRL counts all devices)"),
            new Metric("epoch", MetricNames.EPOCH, "fractional in TRL"),
            new Metric("eval_<metric>", "eval_<metric>", "evaluation rows, same names"),
            new Metric("mean_token_accuracy, aux_loss, other keys", "same name", "any other number is kept under "
                    + "its own name"),
            new Metric("train_runtime, train_loss, train_*_per_second, total_flos", "(the finished event)",
                    "TRL's end-of-training summary becomes the run's finished event"),
            new Metric("eval_runtime, eval_*_per_second", "(dropped)", "timing, not a metric"),
            new Metric("(not logged by TRL)", "kl, tokens_per_s, stage, labels_used, data/*", "PrefLab-only: "
                    + "absent from a TRL run's charts"));
}
