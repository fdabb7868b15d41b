package org.preflab.engine.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A small computation on gpu(0) with a known answer, run once at start when the GPU is to be used. CUDA being
 * "available" does not prove the libtorch has kernels for this GPU (a build without its compute capability fails at
 * the first kernel), so the device is trusted only after this works.
 */
final class GpuProbe {
    private static final int N = 64;

    private GpuProbe() {}

    /** Null when a 64x64 matmul on gpu(0) gives the right sum; else why not. */
    static String failure(Engine engine) {
        try (NDManager m = engine.newBaseManager(Device.gpu(0))) {
            NDArray ones = m.ones(new Shape(N, N));
            float sum = ones.matMul(ones).sum().getFloat();
            float expected = (float) N * N * N;
            return sum == expected ? null : "64x64 matmul of ones summed to " + sum + ", expected " + expected;
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }
}
