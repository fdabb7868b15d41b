package org.preflab.engine.spo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.spo.SpoSettings.Pooling;

/**
 * SPO's HIDDEN_HEAD classifier (algorithms.md §5 step 3): logits = W·h + b over the K degrees, with W (K×H) drawn
 * from N(0, 0.02) and b = 0. Its two tensors live in the head's own manager, require gradient, and are meant to be
 * trained by the policy's optimizer and saved with its checkpoints under {@link #WEIGHT} and {@link #BIAS}.
 *
 * <p>Memory: every op here starts from an activation (pooled states, hidden states, the mask), never from W or b,
 * because DJL puts a result in its first operand's manager; an op starting from W would leave one array per step
 * in the head's manager.
 */
public final class DegreeHead implements AutoCloseable {
    public static final String WEIGHT = "spo_head.weight";
    public static final String BIAS = "spo_head.bias";
    /** Standard deviation of W at initialisation, GPT-2's initializer_range. */
    public static final double INIT_STD = 0.02;

    private final org.preflab.engine.model.LinearHead head;

    /** The mean cross-entropy over variants and the fraction whose argmax is their degree (no gradient). */
    public record Output(NDArray loss, NDArray accuracy) {}

    /**
     * A fresh head. W comes from {@link Random#nextGaussian()}, whose algorithm its Javadoc fixes, so one seed gives
     * the same head on every JVM.
     */
    public DegreeHead(NDManager parent, int k, int hidden, long seed) {
        if (k < 2 || hidden < 1) {
            throw new IllegalArgumentException("a degree head needs k >= 2 and hidden >= 1, got k = " + k
                    + ", hidden = " + hidden);
        }
        this.head = new org.preflab.engine.model.LinearHead(parent, k, hidden, INIT_STD, seed, WEIGHT, BIAS);
    }

    /** K, the number of degrees. */
    public int degrees() {
        return head.outputs();
    }

    /** H, the width of the pooled hidden state. */
    public int hiddenSize() {
        return head.hiddenSize();
    }

    /** W and b by checkpoint name, for the optimizer, clipping and checkpoints. */
    public Map<String, NDArray> parameters() {
        return head.parameters();
    }

    /**
     * Pools final hidden states over completion tokens: (N, T, D) with a (N, T) 0/1 mask -> (N, D). MEAN_COMPLETION
     * averages the masked positions; LAST_TOKEN takes the last masked position, the one that has read the whole
     * completion. A row without completion tokens pools to zeros (the count is clamped to 1).
     */
    public static NDArray pool(NDArray hidden, NDArray completionMask, Pooling pooling) {
        NDArray mask = completionMask.toType(hidden.getDataType(), false);
        if (pooling == Pooling.LAST_TOKEN) {
            // index of the last completion token = max_t(mask_t·(t+1)) − 1; pick it with a one-hot row
            int t = (int) mask.getShape().get(1);
            NDArray positions = mask.getManager().arange(1f, t + 1f, 1f, hidden.getDataType()).expandDims(0);
            NDArray last = mask.mul(positions).max(new int[] {1}, true);
            mask = positions.eq(last).toType(hidden.getDataType(), false);
        }
        NDArray sum = hidden.mul(mask.expandDims(2)).sum(new int[] {1});
        return sum.div(mask.sum(new int[] {1}, true).maximum(1f));
    }

    /** Degree logits W·h + b, (N, H) -> (N, K). */
    public NDArray logits(NDArray pooled) {
        return head.apply(pooled);
    }

    /** Per-variant cross-entropy −log softmax(W·h + b)[d], (N); labels are int64 degrees (N). */
    public NDArray crossEntropy(NDArray pooled, NDArray labels) {
        return crossEntropyOf(logits(pooled), labels);
    }

    /** L_SPD of one set of variants: mean cross-entropy, and the accuracy of argmax = d. */
    public Output loss(NDArray pooled, NDArray labels) {
        NDArray logits = logits(pooled);
        return new Output(crossEntropyOf(logits, labels).mean(), accuracy(logits, labels));
    }

    static NDArray crossEntropyOf(NDArray logits, NDArray labels) {
        NDArray idx = labels.toType(DataType.INT64, false).expandDims(1);
        return logits.logSoftmax(1).gather(idx, 1).squeeze(1).neg();
    }

    static NDArray accuracy(NDArray logits, NDArray labels) {
        NDArray hit = logits.argMax(1).eq(labels.toType(DataType.INT64, false));
        return hit.toType(DataType.FLOAT32, false).mean().stopGradient();
    }

    /** W and b as named float32 tensors, to be written with the checkpoint. */
    public Map<String, Tensor> state() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        parameters().forEach((name, a) -> out.put(name, new Tensor(name, a.getShape().getShape(), a.toFloatArray())));
        return out;
    }

    /**
     * Overwrites W and b in place from a checkpoint's tensors. In place, so that an optimizer holding
     * {@link #parameters()} keeps training the same arrays.
     */
    public void load(Map<String, Tensor> tensors) {
        head.load(tensors, "this head (k = " + degrees() + ", hidden = " + hiddenSize() + ")");
    }

    @Override
    public void close() {
        head.close();
    }
}
