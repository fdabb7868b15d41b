package org.preflab.engine.io;

import java.util.Arrays;

/**
 * A named float32 tensor in row-major (C) order, as held in memory between a checkpoint file and the model.
 *
 * <p>The {@code data} array is deliberately not copied (neither here nor by the accessor): weights can be
 * gigabytes, and a defensive copy would double peak memory while loading. Callers that hand a tensor on must not
 * mutate its data afterwards. The shape is tiny, so it is copied both ways.
 *
 * <p>{@code equals} compares the data bitwise (through {@link Float#floatToRawIntBits}), so NaN payloads and
 * {@code -0.0f} count: that is what "the checkpoint round-trips exactly" means.
 */
public record Tensor(String name, long[] shape, float[] data) {

    public Tensor {
        if (name == null || shape == null || data == null) {
            throw new NullPointerException("tensor name, shape and data must not be null");
        }
        shape = shape.clone();
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + n + " elements but data has " + data.length);
        }
    }

    /** Number of elements a shape holds (1 for a scalar {@code []}); rejects negative or overflowing dimensions. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; avoids the copy that {@link #shape()} makes. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}; avoids the copy that {@link #shape()} makes. */
    public long dim(int i) {
        return shape[i];
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor t) || !name.equals(t.name) || !Arrays.equals(shape, t.shape)
                || data.length != t.data.length) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(t.data[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        // Shape and name only: hashing gigabytes of weights would be slow, and equal tensors still hash equal.
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
