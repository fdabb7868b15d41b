package org.preflab.plugins.loss;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Supervised NLL on the chosen completions, TRL {@code sft}: −Σ_i logπθ(y_c,i|x_i) / Σ_i L_c,i, the mean token NLL
 * over every chosen completion token in the batch, one scalar broadcast to every pair.
 *
 * <p>Added to DPO it gives RPO: Pang et al. 2024, "Iterative Reasoning Preference Optimization",
 * arXiv:2404.19733, Eq. 1 ({@code loss_type=sigmoid,sft} with weights {@code 1, α}). Ignores the reference and the
 * rejected completions; token counts are the clamped ones of {@link LossInputs}.
 */
public final class SftLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "sft";
    }

    @Override
    public String description() {
        return "SFT: mean token NLL of the chosen completions, the same for every pair (RPO term)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray tokenNll = in.policyChosen().sum().neg().div(in.chosenLengths().sum());
        return tokenNll.broadcast(in.policyChosen().getShape());
    }
}
