package org.preflab.engine.spi;

import ai.djl.ndarray.NDArray;

/**
 * One preference-loss variant (a TRL {@code loss_type}), found through {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are stateless: every hyperparameter arrives in {@link LossInputs}, so one instance serves every
 * run. A variant validates the hyperparameters it depends on and throws {@link IllegalArgumentException} quoting the
 * bad value. Providers are listed in {@code META-INF/services/org.preflab.engine.spi.PreferenceLoss}.
 */
public interface PreferenceLoss {

    /** The stable key, spelled as TRL's {@code loss_type} ({@code sigmoid}, {@code ipo}, ...). */
    String id();

    /** One line for listings and the GUI: what the loss is and where it comes from. */
    String description();

    /**
     * The loss of each pair, shape (B), differentiable with respect to the policy log-probs. The caller averages it
     * over the batch (and weights it when several losses are combined). Arrays created here belong to the manager of
     * the inputs, which the caller closes.
     */
    NDArray perPairLoss(LossInputs in);
}
