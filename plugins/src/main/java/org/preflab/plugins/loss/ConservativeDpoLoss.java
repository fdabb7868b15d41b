package org.preflab.plugins.loss;

import static org.preflab.engine.spi.LossMath.logSigmoid;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.LossMath;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * Conservative DPO (cDPO): −(1−ε)·log σ(βh) − ε·log σ(−βh), with 0 <= ε < 0.5.
 *
 * <p>Mitchell 2023, "A note on DPO with noisy preferences &amp; relationship to IPO" (ericmitchell.ai/cdpo.pdf):
 * DPO against labels that are flipped with probability ε = {@code label_smoothing}, so the loss is minimised at a
 * finite margin instead of pushing h to infinity. This was TRL's {@code sigmoid} with label_smoothing > 0 up to
 * v0.28; refactor PR #3906 removed it, so it has its own id here. At ε = 0 it equals {@code sigmoid}; ε >= 0.5
 * would mean the labels carry no information, or the wrong one.
 */
public final class ConservativeDpoLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "cdpo";
    }

    @Override
    public String description() {
        return "cDPO: DPO with labels flipped at rate label_smoothing (Mitchell 2023; TRL <= 0.28 sigmoid)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        double eps = in.labelSmoothing();
        if (!(eps >= 0 && eps < 0.5)) {
            throw LossMath.badParameter(id(), "0 <= label_smoothing < 0.5", eps);
        }
        NDArray u = in.margin().mul(in.scalar(in.beta()));
        return logSigmoid(u).mul(in.scalar(-(1 - eps))).sub(logSigmoid(u.neg()).mul(in.scalar(eps)));
    }
}
