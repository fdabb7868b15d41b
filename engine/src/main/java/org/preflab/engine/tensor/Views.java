package org.preflab.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Java views of libtorch's own memory, for work that should not copy a whole model into Java arrays (loading,
 * checkpoints, the optimizer step). A view is valid while its array is alive, and only for a contiguous float32 CPU
 * array (parameters and moments are): for any other, DJL would hand back a view of a hidden copy.
 */
public final class Views {
    private Views() {}

    /** The array's floats in place: reads see it, writes change it. */
    public static FloatBuffer floats(NDArray a) {
        if (a.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("a float view of a " + a.getDataType() + " array");
        }
        return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * libtorch views (torch's split: the same memory, no copy) of consecutive ranges of {@code buffer} along its first
     * axis, {@code lengths[j]} long for the j-th, in order. A view of a buffer that does not require gradients is a
     * leaf: it can be trained and updated in place like an array of its own.
     */
    public static NDList ranges(NDArray buffer, long[] lengths) {
        if (lengths.length == 1) {
            return new NDList(buffer);
        }
        long[] ends = new long[lengths.length - 1];
        long at = 0;
        for (int j = 0; j < ends.length; j++) {
            at += lengths[j];
            ends[j] = at;
        }
        return buffer.split(ends, 0);
    }
}
