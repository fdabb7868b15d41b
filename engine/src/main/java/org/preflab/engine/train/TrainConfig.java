package org.preflab.engine.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Optimisation settings. Every field has a default; the constructor rejects bad values and quotes them, so a config
 * file with a typo'd number fails on load, not an hour into the run.
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

    public TrainConfig {
        if (schedule == null) {
            schedule = LrSchedule.Kind.COSINE;
        }
        check(learningRate >= 0 && Double.isFinite(learningRate), "learning_rate", learningRate, "a finite number >= 0");
        check(warmupSteps >= 0, "warmup_steps", warmupSteps, ">= 0");
        check(weightDecay >= 0, "weight_decay", weightDecay, ">= 0");
        check(beta1 >= 0 && beta1 < 1, "adam_beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "adam_beta2", beta2, "in [0, 1)");
        check(adamEps > 0, "adam_epsilon", adamEps, "> 0");
        check(maxGradNorm >= 0, "max_grad_norm", maxGradNorm, ">= 0 (0 turns clipping off)");
        check(microBatchSize >= 1, "micro_batch_size", microBatchSize, ">= 1");
        check(gradAccumulation >= 1, "gradient_accumulation_steps", gradAccumulation, ">= 1");
        check(epochs >= 1 || maxSteps > 0, "epochs", epochs, ">= 1 unless max_steps is set");
        check(maxSteps >= 0, "max_steps", maxSteps, ">= 0");
        check(checkpointEvery >= 0, "checkpoint_every", checkpointEvery, ">= 0");
    }

    private static void check(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " is invalid: must be " + rule);
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
        TrainConfig d = defaults();
        return new TrainConfig(or(learningRate, d.learningRate), schedule == null ? d.schedule : schedule,
                or(warmupSteps, d.warmupSteps), or(weightDecay, d.weightDecay), or(beta1, d.beta1), or(beta2, d.beta2),
                or(adamEps, d.adamEps), or(maxGradNorm, d.maxGradNorm), or(microBatchSize, d.microBatchSize),
                or(gradAccumulation, d.gradAccumulation), or(epochs, d.epochs), or(maxSteps, d.maxSteps),
                seed == null ? d.seed : seed, or(checkpointEvery, d.checkpointEvery));
    }

    private static double or(Double v, double d) {
        return v == null ? d : v;
    }

    private static int or(Integer v, int d) {
        return v == null ? d : v;
    }

    /** Defaults for a small model on a laptop. */
    public static TrainConfig defaults() {
        return new TrainConfig(1e-4, LrSchedule.Kind.COSINE, 0, 0.0, 0.9, 0.999, 1e-8, 1.0, 4, 1, 1, 0, 42, 0);
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
