package org.preflab.engine.dpo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Stepwise DPO (Kim et al. 2024): the data in T steps; after each step the reference becomes the model just trained.
 *
 * @param partition BY_FILE (one file a step, the paper's split by source), EASY_TO_HARD (by the initial reference's
 *     implicit margin γ = log S(y_w|x) − log S(y_l|x): reward-accurate pairs first), or RANDOM (the ablation)
 * @param steps T, the number of steps (BY_FILE: taken from the number of files)
 * @param files BY_FILE: the data file of each step, in order (relative to the config file)
 * @param fractions RANDOM: the share of each step, summing to 1 (default: equal)
 */
public record SdpoSettings(
        @JsonProperty("partition") Partition partition,
        @JsonProperty("steps") int steps,
        @JsonProperty("files") List<String> files,
        @JsonProperty("fractions") List<Double> fractions) {

    public enum Partition { BY_FILE, EASY_TO_HARD, RANDOM }

    /** Reads the "sdpo" section (steps may be left out with BY_FILE: it is the number of files). */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static SdpoSettings fromJson(
            @JsonProperty("partition") Partition partition,
            @JsonProperty("steps") Integer steps,
            @JsonProperty("files") List<String> files,
            @JsonProperty("fractions") List<Double> fractions) {
        return new SdpoSettings(partition, steps == null ? 0 : steps, files, fractions);
    }

    public SdpoSettings {
        if (partition == null) {
            partition = Partition.BY_FILE;
        }
        files = files == null ? List.of() : List.copyOf(files);
        fractions = fractions == null ? List.of() : List.copyOf(fractions);
        if (partition == Partition.BY_FILE) {
            if (files.size() < 2) {
                throw new IllegalArgumentException("sdpo.files lists " + files.size()
                        + " file(s): BY_FILE needs one data file per step, at least 2");
            }
            steps = files.size();
        } else if (steps < 2) {
            throw new IllegalArgumentException("sdpo.steps = " + steps + " is invalid: stepwise DPO needs >= 2 steps");
        }
        if (!fractions.isEmpty()) {
            if (fractions.size() != steps) {
                throw new IllegalArgumentException("sdpo.fractions has " + fractions.size() + " values for "
                        + steps + " steps");
            }
            double sum = fractions.stream().mapToDouble(Double::doubleValue).sum();
            if (Math.abs(sum - 1) > 1e-6 || fractions.stream().anyMatch(f -> !(f > 0))) {
                throw new IllegalArgumentException("sdpo.fractions " + fractions + " must be > 0 and sum to 1");
            }
        }
    }
}
