package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.LossMath;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Robust DPO, TRL {@code robust}: [−(1−ε)·log σ(βh) + ε·log σ(−βh)] / (1 − 2ε), with 0 <= ε < 0.5.
 *
 * <p>Chowdhury et al. 2024, "Provably Robust DPO: Aligning Language Models with Noisy Feedback",
 * arXiv:2403.00409. ε = {@code label_smoothing} is the assumed label-flip rate (the paper suggests 0.1);
 * the loss is an unbiased estimate of the clean-label DPO loss, which needs ε < 0.5 for the division.
 */
public final class RobustDpoLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "robust";
    }

    @Override
    public String description() {
        return "rDPO: DPO de-biased for label flips at rate label_smoothing (Chowdhury et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        double eps = in.labelSmoothing();
        if (!(eps >= 0 && eps < 0.5)) {
            throw LossMath.badParameter(id(), "0 <= label_smoothing < 0.5", eps);
        }
        NDArray u = in.margin().mul(in.scalar(in.beta()));
        return logSigmoid(u).mul(in.scalar(-(1 - eps))).add(logSigmoid(u.neg()).mul(in.scalar(eps))).div(in.scalar(1 - 2 * eps));
    }
}
