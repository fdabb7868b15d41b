package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.runtime.DjlRuntime;

/**
 * A small trainable head y = W·x + b beside a model (SPO's degree classifier, a reward model's score): W (out×H)
 * drawn from N(0, std) with a seeded {@link Random} (its algorithm is fixed by its Javadoc, so one seed gives the
 * same head on every JVM), b = 0. Both tensors live in the head's own manager, require gradient, are trained by
 * the policy's optimizer and saved with its checkpoints under their names.
 *
 * <p>Memory: {@link #apply} starts from the activation, never from W or b, because DJL puts a result in its first
 * operand's manager; an op starting from W would leave one array per step in the head's manager.
 */
public final class LinearHead implements AutoCloseable {
    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;

    public LinearHead(NDManager parent, int out, int hidden, double std, long seed, String weightName,
            String biasName) {
        DjlRuntime.engine();
        Random rng = new Random(seed);
        float[] w = new float[out * hidden];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextGaussian() * std);
        }
        this.manager = parent.newSubManager();
        this.weight = manager.create(w, new Shape(out, hidden));
        this.bias = manager.zeros(new Shape(out), DataType.FLOAT32);
        weight.setName(weightName);
        bias.setName(biasName);
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
    }

    /** The number of outputs. */
    public int outputs() {
        return (int) weight.getShape().get(0);
    }

    /** H, the width of the input. */
    public int hiddenSize() {
        return (int) weight.getShape().get(1);
    }

    /** W and b by checkpoint name, for the optimizer, clipping and checkpoints. */
    public Map<String, NDArray> parameters() {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        out.put(weight.getName(), weight);
        out.put(bias.getName(), bias);
        return out;
    }

    /** W·x + b, (N, H) -> (N, out). */
    public NDArray apply(NDArray x) {
        return Linear.linear(x, weight, bias).head();
    }

    /**
     * Overwrites W and b in place from a checkpoint's tensors (so that an optimizer holding {@link #parameters()}
     * keeps training the same arrays); {@code what} names this head in errors ("a reward head on a model of hidden
     * size 64").
     */
    public void load(Map<String, Tensor> tensors, String what) {
        for (var e : parameters().entrySet()) {
            Tensor t = tensors.get(e.getKey());
            Shape want = e.getValue().getShape();
            if (t == null) {
                throw new IllegalArgumentException("checkpoint has no tensor '" + e.getKey() + "' " + want);
            }
            if (!want.equals(new Shape(t.shape()))) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " + new Shape(t.shape())
                        + " but " + what + " needs " + want);
            }
            e.getValue().set(FloatBuffer.wrap(t.data()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
