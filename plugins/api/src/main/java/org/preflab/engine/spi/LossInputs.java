package org.preflab.engine.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * What every loss variant sees: per-pair summed completion log-probs (shape (B), fp32) and the hyperparameters.
 *
 * <p>The shared quantities of algorithms.md §0 are defined here and nowhere else, as TRL computes them before it
 * branches on {@code loss_type}: s_c ({@link #chosenLogRatio}), s_r ({@link #rejectedLogRatio}), h = s_c − s_r
 * ({@link #margin}) and h̄ = s_c/L_c − s_r/L_r ({@link #normalisedMargin}). Each is a single (B)-sized op, so it is
 * derived when asked rather than cached: a record cannot cache, and the autograd graph stays the same either way.
 *
 * @param policyChosen       logπθ(y_c|x), requires gradient during training
 * @param policyRejected     logπθ(y_r|x)
 * @param referenceChosen    logπref(y_c|x), no gradient
 * @param referenceRejected  logπref(y_r|x)
 * @param chosenLengths      L_c, completion token counts; clamped to >= 1 here (an empty completion must not divide by 0)
 * @param rejectedLengths    L_r, likewise
 * @param beta               β > 0 (IPO's τ for {@code ipo})
 * @param labelSmoothing     ε in [0, 1]; each variant that uses it narrows the range
 * @param discopopTau        τ > 0 of {@code discopop}
 */
public record LossInputs(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen,
        NDArray referenceRejected, NDArray chosenLengths, NDArray rejectedLengths,
        double beta, double labelSmoothing, double discopopTau) {

    /** TRL's {@code DPOConfig} defaults. */
    public static final double DEFAULT_BETA = 0.1;
    public static final double DEFAULT_LABEL_SMOOTHING = 0.0;
    public static final double DEFAULT_DISCOPOP_TAU = 0.05;

    public LossInputs {
        Shape shape = Objects.requireNonNull(policyChosen, "policyChosen").getShape();
        if (shape.dimension() != 1 || shape.get(0) == 0) {
            throw new IllegalArgumentException("policyChosen must have shape (B) with B >= 1, got " + shape);
        }
        requireShape("policyRejected", policyRejected, shape);
        requireShape("referenceChosen", referenceChosen, shape);
        requireShape("referenceRejected", referenceRejected, shape);
        requireShape("chosenLengths", chosenLengths, shape);
        requireShape("rejectedLengths", rejectedLengths, shape);
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (!(discopopTau > 0) || Double.isInfinite(discopopTau)) {
            throw new IllegalArgumentException("discopop_tau must be a finite number > 0, got " + discopopTau);
        }
        chosenLengths = chosenLengths.toType(policyChosen.getDataType(), false).maximum(1);
        rejectedLengths = rejectedLengths.toType(policyChosen.getDataType(), false).maximum(1);
    }

    /** Inputs with TRL's default hyperparameters (β = 0.1, ε = 0, τ = 0.05). */
    public static LossInputs withDefaults(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen,
            NDArray referenceRejected, NDArray chosenLengths, NDArray rejectedLengths) {
        return new LossInputs(policyChosen, policyRejected, referenceChosen, referenceRejected, chosenLengths,
                rejectedLengths, DEFAULT_BETA, DEFAULT_LABEL_SMOOTHING, DEFAULT_DISCOPOP_TAU);
    }

    /**
     * {@code v} as a tensor for arithmetic with these inputs. Use it instead of {@code x.mul(double)}: DJL wraps that
     * number in a tensor over a Java buffer and frees it after the op, while autograd still needs it for the backward
     * pass. This tensor is libtorch's own, in the inputs' manager (the engine's {@code tensor.Scalars} does the same).
     */
    public NDArray scalar(double v) {
        return policyChosen.getManager().full(new Shape(), (float) v, policyChosen.getDataType());
    }

    /** B, the number of pairs. */
    public long batchSize() {
        return policyChosen.getShape().get(0);
    }

    /** s_c = logπθ(y_c|x) − logπref(y_c|x), shape (B). */
    public NDArray chosenLogRatio() {
        return policyChosen.sub(referenceChosen);
    }

    /** s_r = logπθ(y_r|x) − logπref(y_r|x), shape (B). */
    public NDArray rejectedLogRatio() {
        return policyRejected.sub(referenceRejected);
    }

    /** h = s_c − s_r, TRL's {@code delta_score} ("logits"), shape (B). */
    public NDArray margin() {
        return chosenLogRatio().sub(rejectedLogRatio());
    }

    /** h̄ = s_c/L_c − s_r/L_r, the length-averaged margin of {@code ipo} and {@code sigmoid_norm}, shape (B). */
    public NDArray normalisedMargin() {
        return chosenLogRatio().div(chosenLengths).sub(rejectedLogRatio().div(rejectedLengths));
    }

    private static void requireShape(String name, NDArray a, Shape expected) {
        Objects.requireNonNull(a, name);
        if (!a.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    name + " has shape " + a.getShape() + " but policyChosen has " + expected);
        }
    }
}
