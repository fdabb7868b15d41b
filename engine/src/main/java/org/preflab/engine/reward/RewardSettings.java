package org.preflab.engine.reward;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.preflab.engine.settings.Setting;

/**
 * The {@code "reward"} section of a reward-model run (method reward).
 *
 * @param centerRewardsCoefficient TRL RewardConfig's {@code center_rewards_coefficient} (Eisenstein et al. 2023):
 *     adds c·mean((r_c + r_r)²) to the loss, pulling rewards towards mean zero so that scores of different reward
 *     models compare; 0 turns it off (TRL's default, None)
 */
public record RewardSettings(@JsonProperty("center_rewards_coefficient") double centerRewardsCoefficient) {

    static final Setting CENTER_REWARDS_COEFFICIENT = Setting.number("reward.center_rewards_coefficient", 0.0,
            "adds this times mean((r_chosen + r_rejected)^2) to the loss, centring rewards on 0 (TRL's; 0: off, "
            + "0.01 is the paper's)").atLeast(0);

    public static final List<Setting> SETTINGS = List.of(CENTER_REWARDS_COEFFICIENT);

    public RewardSettings {
        CENTER_REWARDS_COEFFICIENT.check(centerRewardsCoefficient);
    }

    @JsonCreator
    static RewardSettings fromJson(@JsonProperty("center_rewards_coefficient") Double centerRewardsCoefficient) {
        return new RewardSettings(CENTER_REWARDS_COEFFICIENT.or(centerRewardsCoefficient));
    }

    public static RewardSettings defaults() {
        return fromJson(null);
    }
}
