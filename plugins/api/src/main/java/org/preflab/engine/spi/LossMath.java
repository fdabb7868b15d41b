package org.preflab.engine.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Numerically stable building blocks shared by the loss variants, and their one error format. */
public final class LossMath {
    private LossMath() {}

    /**
     * log σ(u), finite and exact for every u. DJL has neither {@code logSigmoid} nor {@code log1p}, and
     * {@code sigmoid(u).log()} gives −∞ once σ underflows; libtorch's softplus is log1p(exp(x)) with a linear branch
     * above 20, so −softplus(−u) is the stable form min(u,0) − log1p(exp(−|u|)), with the smooth gradient σ(−u) also
     * at u = 0, where every pair sits at step 0 (policy = reference).
     */
    public static NDArray logSigmoid(NDArray u) {
        return Activation.softPlus(u.neg()).neg();
    }

    /** σ(u); libtorch's sigmoid saturates to 0 and 1 without overflow. */
    public static NDArray sigmoid(NDArray u) {
        return Activation.sigmoid(u);
    }

    /** The error for a hyperparameter out of range, e.g. "loss 'robust' needs 0 <= label_smoothing < 0.5, got 0.5". */
    public static IllegalArgumentException badParameter(String lossId, String range, double got) {
        return new IllegalArgumentException("loss '" + lossId + "' needs " + range + ", got " + got);
    }
}
