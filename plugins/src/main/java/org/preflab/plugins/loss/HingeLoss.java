package org.preflab.plugins.loss;

import ai.djl.ndarray.NDArray;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * SLiC's calibration hinge, TRL {@code hinge}: max(0, 1 − β·h).
 *
 * <p>Zhao et al. 2023, "SLiC-HF: Sequence Likelihood Calibration with Human Feedback", arXiv:2305.10425 (the
 * calibration hinge, with margin 1/β as TRL parametrises it); also the hinge of Liu et al. 2023, "Statistical Rejection Sampling
 * Improves Preference Optimization" (RSO), arXiv:2309.06657. Pairs already past the margin get no gradient.
 */
public final class HingeLoss implements PreferenceLoss {
    @Override
    public String id() {
        return "hinge";
    }

    @Override
    public String description() {
        return "SLiC/RSO hinge: max(0, 1 - beta*h) (Zhao et al. 2023)";
    }

    @Override
    public NDArray perPairLoss(LossInputs in) {
        return in.margin().mul(in.scalar(-in.beta())).add(1).maximum(in.scalar(0));
    }
}
