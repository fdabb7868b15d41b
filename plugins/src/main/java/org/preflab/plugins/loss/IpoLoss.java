package org.preflab.plugins.loss;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Identity preference optimisation, TRL {@code ipo}: (h̄ − 1/(2β))², with h̄ = s_c/L_c − s_r/L_r.
 *
 * <p>Azar et al. 2023, "A General Theoretical Paradigm to Understand Learning from Human Preferences",
 * arXiv:2310.12036, Eq. 17; β plays the paper's τ. The log-ratios are averaged per token so that β does not
 * depend on completion length (TRL PR #1265); lengths are clamped to >= 1 by {@link LossInputs}.
 */
public final class IpoLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "ipo";
    }

    @Override
    public String description() {
        return "IPO: (h_norm - 1/(2*beta))^2 on length-averaged log-ratios (Azar et al. 2023)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        return in.normalisedMargin().sub(1 / (2 * in.beta())).square();
    }
}
