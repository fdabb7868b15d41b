package org.preflab.engine.dpo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.settings.SettingType;

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

    // The "sdpo" section's settings, declared once: defaults, ranges and help for validation, --set and the GUI.
    static final Setting PARTITION = Setting.choice("sdpo.partition", Partition.BY_FILE,
            "how the data is split into steps: one file each, by the reference's margin (easy first), or at random");
    static final Setting STEPS = Setting.integer("sdpo.steps", 0,
            "T, the number of steps (EASY_TO_HARD, RANDOM); BY_FILE takes the number of files").atLeast(0);
    static final Setting FILES = Setting.list("sdpo.files", SettingType.PATH, List.of(),
            "BY_FILE: the data file of each step, in order");
    static final Setting FRACTIONS = Setting.list("sdpo.fractions", SettingType.NUMBER, List.of(),
            "RANDOM: the share of each step, summing to 1 (none given: equal shares)").above(0);

    /** The section's settings, in file order. */
    public static final List<Setting> SETTINGS = List.of(PARTITION, STEPS, FILES, FRACTIONS);

    /** Reads the "sdpo" section (steps may be left out with BY_FILE: it is the number of files). */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static SdpoSettings fromJson(
            @JsonProperty("partition") Partition partition,
            @JsonProperty("steps") Integer steps,
            @JsonProperty("files") List<String> files,
            @JsonProperty("fractions") List<Double> fractions) {
        return new SdpoSettings(PARTITION.or(partition), STEPS.or(steps), FILES.or(files), FRACTIONS.or(fractions));
    }

    public SdpoSettings {
        partition = PARTITION.or(partition);
        files = List.copyOf(FILES.check(FILES.or(files)));
        fractions = List.copyOf(FRACTIONS.check(FRACTIONS.or(fractions)));
        STEPS.check(steps);
        if (partition == Partition.BY_FILE) {
            if (files.size() < 2) {
                throw new IllegalArgumentException("sdpo.files lists " + files.size()
                        + " file(s): BY_FILE needs one data file per step, at least 2");
            }
            steps = files.size();
        } else if (steps < 2) {
            throw STEPS.invalid(steps, "stepwise DPO needs >= 2 steps");
        }
        if (!fractions.isEmpty()) {
            if (fractions.size() != steps) {
                throw FRACTIONS.invalid(fractions, "gives " + fractions.size() + " values for " + steps + " steps");
            }
            double sum = fractions.stream().mapToDouble(Double::doubleValue).sum();
            if (Math.abs(sum - 1) > 1e-6) {
                throw FRACTIONS.invalid(fractions, "must sum to 1, not " + sum);
            }
        }
    }
}
