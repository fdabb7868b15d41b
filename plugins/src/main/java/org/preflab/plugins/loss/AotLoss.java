package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Alignment via optimal transport, paired form, TRL {@code aot}. Per batch: d_i = logπθ(y_c) − logπθ(y_r) and
 * d^ref_i the same under the reference; sort each ascending; δ_k = d_(k) − d^ref_(k);
 * loss_k = −(1−ε)·log σ(βδ_k) − ε·log σ(−βδ_k).
 *
 * <p>Melnyk et al. 2024, "Distributional Preference Alignment of LLMs via Optimal Transport", arXiv:2406.05882.
 * Sorting matches the quantiles of the two margin distributions (the 1-D optimal transport plan), so the
 * per-pair losses come out in sorted order, not in pair order, exactly as TRL returns them. The gradient flows
 * through the sort to whichever pair holds each quantile.
 */
public final class AotLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "aot";
    }

    @Override
    public String description() {
        return "AOT (paired): DPO on sorted policy vs reference margins; per-pair losses in sorted order "
                + "(Melnyk et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray policyMargins = in.policyChosen().sub(in.policyRejected()).sort(0);
        NDArray referenceMargins = in.referenceChosen().sub(in.referenceRejected()).sort(0);
        return smoothedLogistic(in, policyMargins.sub(referenceMargins));
    }

    /** −(1−ε)·log σ(βδ) − ε·log σ(−βδ), shared with {@link AotUnpairedLoss}. */
    static NDArray smoothedLogistic(LossInputs in, NDArray delta) {
        double eps = in.labelSmoothing();
        NDArray u = delta.mul(in.scalar(in.beta()));
        return logSigmoid(u).mul(in.scalar(-(1 - eps))).sub(logSigmoid(u.neg()).mul(in.scalar(eps)));
    }
}
