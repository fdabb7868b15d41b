package org.preflab.engine.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;

/**
 * Optimisation settings, the "train" section. Every field has a default; the constructor rejects bad values and
 * quotes them (through the {@link #SETTINGS} descriptions), so a config file with a typo'd number fails on load, not
 * an hour into the run.
 *
 * @param learningRate peak AdamW learning rate
 * @param schedule decay after warmup: constant, linear or cosine
 * @param warmupSteps optimizer steps of linear warmup
 * @param weightDecay decoupled weight decay (biases and norms excluded)
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param adamEps AdamW epsilon
 * @param maxGradNorm clip the global gradient norm to this; 0 turns clipping off
 * @param microBatchSize examples per forward/backward
 * @param gradAccumulation micro-batches per optimizer step
 * @param epochs passes over the data (ignored when maxSteps > 0)
 * @param maxSteps optimizer steps to run; 0 means "epochs" decides
 * @param seed seeds the data order and everything random in the run
 * @param checkpointEvery save a checkpoint every this many optimizer steps; 0 saves only at the end
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainConfig(
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("schedule") LrSchedule.Kind schedule,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("adam_beta1") double beta1,
        @JsonProperty("adam_beta2") double beta2,
        @JsonProperty("adam_epsilon") double adamEps,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("micro_batch_size") int microBatchSize,
        @JsonProperty("gradient_accumulation_steps") int gradAccumulation,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("max_steps") int maxSteps,
        @JsonProperty("seed") long seed,
        @JsonProperty("checkpoint_every") int checkpointEvery) {

    // The "train" section's settings, declared once: defaults, ranges and help for validation, --set and the GUI.
    static final Setting LEARNING_RATE = Setting.number("train.learning_rate", 1e-4, "peak AdamW learning rate")
            .atLeast(0);
    static final Setting SCHEDULE = Setting.choice("train.schedule", LrSchedule.Kind.COSINE,
            "decay of the learning rate after warmup");
    static final Setting WARMUP_STEPS = Setting.integer("train.warmup_steps", 0,
            "optimizer steps of linear warmup from 0 to the peak learning rate").atLeast(0);
    static final Setting WEIGHT_DECAY = Setting.number("train.weight_decay", 0.0,
            "decoupled weight decay (biases and norms excluded)").atLeast(0);
    static final Setting ADAM_BETA1 = Setting.number("train.adam_beta1", 0.9, "AdamW first-moment decay")
            .atLeast(0).below(1);
    static final Setting ADAM_BETA2 = Setting.number("train.adam_beta2", 0.999, "AdamW second-moment decay")
            .atLeast(0).below(1);
    static final Setting ADAM_EPSILON = Setting.number("train.adam_epsilon", 1e-8, "AdamW epsilon").above(0);
    static final Setting MAX_GRAD_NORM = Setting.number("train.max_grad_norm", 1.0,
            "clip the global gradient norm to this; 0 turns clipping off").atLeast(0).withNote("0 turns clipping off");
    static final Setting MICRO_BATCH_SIZE = Setting.integer("train.micro_batch_size", 4,
            "examples (pairs) per forward and backward pass").atLeast(1);
    static final Setting GRADIENT_ACCUMULATION = Setting.integer("train.gradient_accumulation_steps", 1,
            "micro-batches per optimizer step").atLeast(1);
    static final Setting EPOCHS = Setting.integer("train.epochs", 1,
            "passes over the training data (ignored when max_steps > 0)").atLeast(0);
    static final Setting MAX_STEPS = Setting.integer("train.max_steps", 0,
            "optimizer steps to run; 0 lets epochs decide").atLeast(0);
    static final Setting SEED = Setting.integer("train.seed", 42L,
            "seeds the data order and everything random in the run");
    static final Setting CHECKPOINT_EVERY = Setting.integer("train.checkpoint_every", 0,
            "save a checkpoint every this many optimizer steps; 0 saves only at the end").atLeast(0);

    /** The section's settings, in file order. */
    public static final List<Setting> SETTINGS = List.of(LEARNING_RATE, SCHEDULE, WARMUP_STEPS, WEIGHT_DECAY,
            ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, MAX_GRAD_NORM, MICRO_BATCH_SIZE, GRADIENT_ACCUMULATION, EPOCHS,
            MAX_STEPS, SEED, CHECKPOINT_EVERY);

    public TrainConfig {
        schedule = SCHEDULE.or(schedule);
        LEARNING_RATE.check(learningRate);
        WARMUP_STEPS.check(warmupSteps);
        WEIGHT_DECAY.check(weightDecay);
        ADAM_BETA1.check(beta1);
        ADAM_BETA2.check(beta2);
        ADAM_EPSILON.check(adamEps);
        MAX_GRAD_NORM.check(maxGradNorm);
        MICRO_BATCH_SIZE.check(microBatchSize);
        GRADIENT_ACCUMULATION.check(gradAccumulation);
        EPOCHS.check(epochs);
        MAX_STEPS.check(maxSteps);
        CHECKPOINT_EVERY.check(checkpointEvery);
        if (epochs < 1 && maxSteps == 0) {
            throw EPOCHS.invalid(epochs, "must be >= 1 unless max_steps is set");
        }
    }

    /** Reads a config section: any field left out takes its default from {@link #defaults()}. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static TrainConfig fromJson(
            @JsonProperty("learning_rate") Double learningRate,
            @JsonProperty("schedule") LrSchedule.Kind schedule,
            @JsonProperty("warmup_steps") Integer warmupSteps,
            @JsonProperty("weight_decay") Double weightDecay,
            @JsonProperty("adam_beta1") Double beta1,
            @JsonProperty("adam_beta2") Double beta2,
            @JsonProperty("adam_epsilon") Double adamEps,
            @JsonProperty("max_grad_norm") Double maxGradNorm,
            @JsonProperty("micro_batch_size") Integer microBatchSize,
            @JsonProperty("gradient_accumulation_steps") Integer gradAccumulation,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("max_steps") Integer maxSteps,
            @JsonProperty("seed") Long seed,
            @JsonProperty("checkpoint_every") Integer checkpointEvery) {
        return new TrainConfig(LEARNING_RATE.or(learningRate), SCHEDULE.or(schedule), WARMUP_STEPS.or(warmupSteps),
                WEIGHT_DECAY.or(weightDecay), ADAM_BETA1.or(beta1), ADAM_BETA2.or(beta2), ADAM_EPSILON.or(adamEps),
                MAX_GRAD_NORM.or(maxGradNorm), MICRO_BATCH_SIZE.or(microBatchSize),
                GRADIENT_ACCUMULATION.or(gradAccumulation), EPOCHS.or(epochs), MAX_STEPS.or(maxSteps), SEED.or(seed),
                CHECKPOINT_EVERY.or(checkpointEvery));
    }

    /** Defaults for a small model on a laptop. */
    public static TrainConfig defaults() {
        return fromJson(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public int examplesPerStep() {
        return microBatchSize * gradAccumulation;
    }

    /** Optimizer steps the run takes over {@code examples} examples. */
    public int totalSteps(int examples) {
        if (maxSteps > 0) {
            return maxSteps;
        }
        int perEpoch = Math.max(1, (examples + examplesPerStep() - 1) / examplesPerStep());
        return perEpoch * epochs;
    }

    public TrainConfig withMaxSteps(int steps) {
        return new TrainConfig(learningRate, schedule, warmupSteps, weightDecay, beta1, beta2, adamEps, maxGradNorm,
                microBatchSize, gradAccumulation, epochs, steps, seed, checkpointEvery);
    }
}
