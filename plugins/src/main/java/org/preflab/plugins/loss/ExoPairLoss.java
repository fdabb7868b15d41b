package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;
import static org.preflab.engine.spi.LossMath.sigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.LossMath;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Efficient exact optimisation, pairwise form, TRL {@code exo_pair}:
 * σ(βh)·(log σ(βh) − log(1−ε)) + σ(−βh)·(log σ(−βh) − log ε), with 0 < ε < 1.
 *
 * <p>Ji et al. 2024, "Towards Efficient Exact Optimization of Language Model Alignment", arXiv:2402.00856, Eq. 16
 * (pairwise): the reverse KL from the model's pair distribution (σ(βh), σ(−βh)) to the smoothed labels (1−ε, ε).
 * ε = {@code label_smoothing} must be > 0, or log ε is −∞ (the paper and TRL recommend 1e-3).
 */
public final class ExoPairLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "exo_pair";
    }

    @Override
    public String description() {
        return "EXO (pairwise): reverse KL to labels (1-eps, eps); needs label_smoothing > 0 (Ji et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        double eps = in.labelSmoothing();
        if (!(eps > 0 && eps < 1)) {
            throw LossMath.badParameter(id(), "0 < label_smoothing < 1 (1e-3 is recommended)", eps);
        }
        NDArray u = in.margin().mul(in.scalar(in.beta()));
        NDArray towardsChosen = sigmoid(u).mul(logSigmoid(u).sub(Math.log(1 - eps)));
        NDArray towardsRejected = sigmoid(u.neg()).mul(logSigmoid(u.neg()).sub(Math.log(eps)));
        return towardsChosen.add(towardsRejected);
    }
}
