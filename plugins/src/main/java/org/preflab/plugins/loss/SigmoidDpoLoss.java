package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * DPO's loss, TRL {@code sigmoid}: −log σ(β·h), with h = s_c − s_r.
 *
 * <p>Rafailov et al. 2023, "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
 * arXiv:2305.18290, Eq. 7. The gradient pushes s_c up and s_r down, weighted by σ(−βh). Since TRL's refactor
 * #3906, {@code label_smoothing} no longer affects this type; the smoothed form is {@link ConservativeDpoLoss}.
 */
public final class SigmoidDpoLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "sigmoid";
    }

    @Override
    public String description() {
        return "DPO: -log sigmoid(beta*h) (Rafailov et al. 2023)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        return logSigmoid(in.margin().mul(in.scalar(in.beta()))).neg();
    }
}
