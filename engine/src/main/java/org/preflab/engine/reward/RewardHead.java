package org.preflab.engine.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.preflab.engine.io.SafetensorsReader;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.train.Checkpoints;

/**
 * The Bradley-Terry scalar head of a reward model: r = w·h + b on the final (normed) hidden state h of the last
 * token of prompt + completion. Saved in a checkpoint's objective.safetensors as
 * <ul>
 *   <li>{@value #WEIGHT}: float32 (1, H), H the model's hidden size, drawn from N(0, 0.02) (GPT-2's
 *       initializer_range, as transformers initialises a sequence-classification "score" layer);</li>
 *   <li>{@value #BIAS}: float32 (1), starting at 0.</li>
 * </ul>
 * Its two tensors live in the head's own manager, require gradient and are trained by the policy's optimizer.
 *
 * <p>Memory: every op here starts from an activation, never from w or b, because DJL puts a result in its first
 * operand's manager; an op starting from w would leave one array per step in the head's manager.
 */
public final class RewardHead implements AutoCloseable {
    public static final String WEIGHT = "reward_head.weight";
    public static final String BIAS = "reward_head.bias";
    /** Standard deviation of w at initialisation. */
    public static final double INIT_STD = 0.02;

    private final org.preflab.engine.model.LinearHead head;

    /**
     * A fresh head. w comes from {@link Random#nextGaussian()}, whose algorithm its Javadoc fixes, so one seed gives
     * the same head on every JVM.
     */
    public RewardHead(NDManager parent, int hidden, long seed) {
        if (hidden < 1) {
            throw new IllegalArgumentException("a reward head needs hidden >= 1, got " + hidden);
        }
        this.head = new org.preflab.engine.model.LinearHead(parent, 1, hidden, INIT_STD, seed, WEIGHT, BIAS);
    }

    /**
     * The head saved with a checkpoint folder.
     *
     * @throws IOException when the folder has no objective.safetensors with {@value #WEIGHT}, or its shape does not
     *     fit a model of width {@code hidden}
     */
    public static RewardHead load(Path checkpoint, NDManager parent, int hidden) throws IOException {
        Path file = checkpoint.resolve(Checkpoints.OBJECTIVE_FILE);
        Map<String, Tensor> tensors = Files.isRegularFile(file) ? SafetensorsReader.read(file).tensors() : Map.of();
        if (!tensors.containsKey(WEIGHT)) {
            throw new IOException(checkpoint + " has no reward head (" + Checkpoints.OBJECTIVE_FILE + " with "
                    + WEIGHT + "): train one with method reward");
        }
        RewardHead head = new RewardHead(parent, hidden, 0);
        try {
            head.load(tensors);
        } catch (IllegalArgumentException e) {
            head.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return head;
    }

    /** H, the width of the hidden state the head reads. */
    public int hiddenSize() {
        return head.hiddenSize();
    }

    /** w and b by checkpoint name, for the optimizer, clipping and checkpoints. */
    public Map<String, NDArray> parameters() {
        return head.parameters();
    }

    /** Rewards w·h + b, (N, H) -> (N). */
    public NDArray rewards(NDArray lastHidden) {
        return head.apply(lastHidden).squeeze(1);
    }

    /**
     * Overwrites w and b in place from a checkpoint's tensors. In place, so that an optimizer holding
     * {@link #parameters()} keeps training the same arrays.
     */
    public void load(Map<String, Tensor> tensors) {
        head.load(tensors, "a reward head on a model of hidden size " + hiddenSize());
    }

    @Override
    public void close() {
        head.close();
    }
}
