package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.sigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Anchored preference optimisation, down variant, TRL {@code apo_down}: σ(βs_c) + (1 − σ(βh)).
 *
 * <p>D'Oosterlinck et al. 2024, "Anchored Preference Optimization and Contrastive Revisions: Addressing
 * Underspecification in Alignment", arXiv:2408.06266, Eq. 8. For when the chosen outputs are worse than the
 * model's own: lowers the chosen likelihood, and the rejected one more, so the margin still grows.
 */
public final class ApoDownLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "apo_down";
    }

    @Override
    public String description() {
        return "APO-down: push chosen down, rejected down more (D'Oosterlinck et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray lowerChosen = sigmoid(in.chosenLogRatio().mul(in.scalar(in.beta())));
        NDArray lowerRejectedMore = sigmoid(in.margin().mul(in.scalar(in.beta()))).neg().add(1);
        return lowerChosen.add(lowerRejectedMore);
    }
}
