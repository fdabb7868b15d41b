package org.preflab.engine.loss;

/**
 * One evaluation of a (combined) loss on plain numbers.
 *
 * @param loss                the batch mean Σ_k w_k · mean(loss_k), the number training minimises
 * @param perPair             Σ_k w_k · loss_k per pair (sorted order for {@code aot}, {@code aot_unpaired})
 * @param gradPolicyChosen    ∂loss/∂logπθ(y_c|x) per pair
 * @param gradPolicyRejected  ∂loss/∂logπθ(y_r|x) per pair
 */
public record LossEvaluation(double loss, double[] perPair, double[] gradPolicyChosen, double[] gradPolicyRejected) {}
