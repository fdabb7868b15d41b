package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Length-normalised DPO, TRL {@code sigmoid_norm}: −log σ(β·h̄), with h̄ = s_c/L_c − s_r/L_r.
 *
 * <p>The length-normalised DPO of Lambert et al. 2024, "Tülu 3: Pushing Frontiers in Open Language Model
 * Post-Training", arXiv:2411.15124: dividing each log-ratio by its token count removes DPO's preference for longer
 * completions. It needs a much larger β than plain DPO (Tülu 3 used 5), since h̄ is per token.
 */
public final class SigmoidNormLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "sigmoid_norm";
    }

    @Override
    public String description() {
        return "Length-normalised DPO: -log sigmoid(beta*h_norm) (Tulu 3, Lambert et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        return logSigmoid(in.normalisedMargin().mul(in.scalar(in.beta()))).neg();
    }
}
