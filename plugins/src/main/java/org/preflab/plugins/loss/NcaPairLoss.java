package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Noise-contrastive alignment, pairwise form, TRL {@code nca_pair}:
 * −log σ(βs_c) − ½·log σ(−βs_c) − ½·log σ(−βs_r).
 *
 * <p>Chen et al. 2024, "Noise Contrastive Alignment of Language Models with Explicit Rewards", arXiv:2402.05369,
 * NCA loss with K = 2. Unlike DPO it scores each response's own log-ratio, so it keeps the chosen likelihood from
 * falling while the margin grows.
 */
public final class NcaPairLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "nca_pair";
    }

    @Override
    public String description() {
        return "NCA (pairwise): absolute log-ratios, keeps chosen likelihood up (Chen et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray chosen = in.chosenLogRatio().mul(in.scalar(in.beta()));
        NDArray rejected = in.rejectedLogRatio().mul(in.scalar(in.beta()));
        return logSigmoid(chosen).neg()
                .sub(logSigmoid(chosen.neg()).mul(in.scalar(0.5)))
                .sub(logSigmoid(rejected.neg()).mul(in.scalar(0.5)));
    }
}
