package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;
import static org.preflab.engine.spi.LossMath.sigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * DiscoPOP's log-ratio modulated loss, TRL {@code discopop}: with u = βh and m = σ(u/τ),
 * loss = (1 − m)·(−log σ(u)) + m·exp(−u).
 *
 * <p>Chris Lu et al. 2024, "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * arXiv:2406.08414: an LLM-discovered blend of the logistic (DPO) and exponential losses, switched by the margin's
 * sign with temperature τ = {@code discopop_tau} (default 0.05). The exponential term is computed as
 * exp(log σ(u/τ) − u), the same value, because TRL's m·exp(−u) is 0·∞ = NaN once exp(−u) overflows (u < −88 in fp32).
 */
public final class DiscoPopLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "discopop";
    }

    @Override
    public String description() {
        return "DiscoPOP: logistic/exponential blend modulated by sigmoid(beta*h/tau) (Lu et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray u = in.margin().mul(in.scalar(in.beta()));
        NDArray scaled = u.div(in.scalar(in.discopopTau()));
        NDArray logistic = sigmoid(scaled.neg()).mul(logSigmoid(u).neg());
        NDArray exponential = logSigmoid(scaled).sub(u).exp();
        return logistic.add(exponential);
    }
}
