package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Binary classifier optimisation, pairwise form, TRL {@code bco_pair}: −log σ(βs_c) − log σ(−βs_r).
 *
 * <p>Jung et al. 2024, "Binary Classifier Optimization for Large Language Model Alignment", arXiv:2404.04656:
 * a logistic classifier with the implicit reward βs as its logit, chosen = 1 and rejected = 0. This is current
 * TRL's form; TRL <= 0.28 also subtracted a running mean δ of the rewards (algorithms.md §1b, "Legacy
 * {@code bco_pair}"), which is not reproduced here.
 */
public final class BcoPairLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "bco_pair";
    }

    @Override
    public String description() {
        return "BCO (pairwise): logistic classifier on implicit rewards, no delta (Jung et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray chosen = in.chosenLogRatio().mul(in.scalar(in.beta()));
        NDArray rejected = in.rejectedLogRatio().mul(in.scalar(in.beta()));
        return logSigmoid(chosen).neg().sub(logSigmoid(rejected.neg()));
    }
}
