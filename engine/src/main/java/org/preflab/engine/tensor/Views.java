package org.preflab.engine.tensor;

import ai.djl.ndarray.NDArray;
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
}
