package org.preflab.plugins.loss;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Self-play preference optimisation with hard labels, TRL {@code sppo_hard}: (s_c − 1/(2β))² + (s_r + 1/(2β))².
 *
 * <p>Wu et al. 2024, "Self-Play Preference Optimization for Language Model Alignment", arXiv:2405.00675, Eq. 4.7
 * with the win probability P set to 1 for the winner and 0 for the loser: each log-ratio is regressed on its own target ±1/(2β).
 */
public final class SppoHardLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "sppo_hard";
    }

    @Override
    public String description() {
        return "SPPO (hard labels): regress s_c to +1/(2beta), s_r to -1/(2beta) (Wu et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        double target = 1 / (2 * in.beta());
        return in.chosenLogRatio().sub(target).square().add(in.rejectedLogRatio().add(target).square());
    }
}
