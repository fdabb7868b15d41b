package org.preflab.engine.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.preflab.engine.io.SafetensorsReader;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.runtime.DjlRuntime;
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

    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;

    /**
     * A fresh head. w comes from {@link Random#nextGaussian()}, whose algorithm its Javadoc fixes, so one seed gives
     * the same head on every JVM.
     */
    public RewardHead(NDManager parent, int hidden, long seed) {
        if (hidden < 1) {
            throw new IllegalArgumentException("a reward head needs hidden >= 1, got " + hidden);
        }
        DjlRuntime.engine();
        Random rng = new Random(seed);
        float[] w = new float[hidden];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextGaussian() * INIT_STD);
        }
        this.manager = parent.newSubManager();
        this.weight = manager.create(w, new Shape(1, hidden));
        this.bias = manager.zeros(new Shape(1), DataType.FLOAT32);
        weight.setName(WEIGHT);
        bias.setName(BIAS);
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
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
        return (int) weight.getShape().get(1);
    }

    /** w and b by checkpoint name, for the optimizer, clipping and checkpoints. */
    public Map<String, NDArray> parameters() {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        out.put(WEIGHT, weight);
        out.put(BIAS, bias);
        return out;
    }

    /** Rewards w·h + b, (N, H) -> (N). */
    public NDArray rewards(NDArray lastHidden) {
        return Linear.linear(lastHidden, weight, bias).head().squeeze(1);
    }

    /**
     * Overwrites w and b in place from a checkpoint's tensors. In place, so that an optimizer holding
     * {@link #parameters()} keeps training the same arrays.
     */
    public void load(Map<String, Tensor> tensors) {
        for (var e : parameters().entrySet()) {
            Tensor t = tensors.get(e.getKey());
            Shape want = e.getValue().getShape();
            if (t == null) {
                throw new IllegalArgumentException("no tensor '" + e.getKey() + "' " + want);
            }
            if (!want.equals(new Shape(t.shape()))) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " + new Shape(t.shape())
                        + " but a reward head on a model of hidden size " + hiddenSize() + " needs " + want);
            }
            e.getValue().set(java.nio.FloatBuffer.wrap(t.data()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
