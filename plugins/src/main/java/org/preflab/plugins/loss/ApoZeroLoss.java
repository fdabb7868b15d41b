package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.sigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Anchored preference optimisation, zero variant, TRL {@code apo_zero}: (1 − σ(βs_c)) + σ(βs_r).
 *
 * <p>D'Oosterlinck et al. 2024, "Anchored Preference Optimization and Contrastive Revisions: Addressing
 * Underspecification in Alignment", arXiv:2408.06266, Eq. 7. For when the chosen outputs are better than the
 * model's own: raises the chosen likelihood and lowers the rejected one, each anchored at the reference.
 */
public final class ApoZeroLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "apo_zero";
    }

    @Override
    public String description() {
        return "APO-zero: push chosen up, rejected down, anchored (D'Oosterlinck et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray raiseChosen = sigmoid(in.chosenLogRatio().mul(in.scalar(in.beta()))).neg().add(1);
        NDArray lowerRejected = sigmoid(in.rejectedLogRatio().mul(in.scalar(in.beta())));
        return raiseChosen.add(lowerRejected);
    }
}
