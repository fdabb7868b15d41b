package org.preflab.plugins.loss;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Alignment via optimal transport, unpaired form, TRL {@code aot_unpaired} ({@code aot_pair} up to v0.27): sort s_c
 * and s_r separately, ascending; δ_k = s_c(k) − s_r(k); loss_k = −(1−ε)·log σ(βδ_k) − ε·log σ(−βδ_k).
 *
 * <p>Melnyk et al. 2024, "Distributional Preference Alignment of LLMs via Optimal Transport", arXiv:2406.05882:
 * the chosen log-ratio distribution should dominate the rejected one quantile by quantile, so pairing is not
 * needed. Per-pair losses come out in sorted order, as in TRL.
 */
public final class AotUnpairedLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "aot_unpaired";
    }

    @Override
    public String description() {
        return "AOT (unpaired): sorted s_c vs sorted s_r; per-pair losses in sorted order (Melnyk et al. 2024)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        NDArray delta = in.chosenLogRatio().sort(0).sub(in.rejectedLogRatio().sort(0));
        return AotLoss.smoothedLogistic(in, delta);
    }
}
