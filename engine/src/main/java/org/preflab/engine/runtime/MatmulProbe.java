package org.preflab.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Times an fp32 n×n×n matmul. Takes the best of several repetitions: on a shared machine the fastest run is the one
 * least disturbed by other processes, so the best is far steadier than the mean.
 */
public final class MatmulProbe {
    private MatmulProbe() {}

    /**
     * GFLOP/s of the fastest of {@code reps} timed matmuls, after {@code warmup} untimed ones, at the calling thread's
     * current libtorch thread count. Arrays live in a sub-manager closed before returning.
     */
    public static double bestGflops(NDManager manager, int n, int warmup, int reps) {
        if (n < 1 || warmup < 0 || reps < 1) {
            throw new IllegalArgumentException("n and reps must be positive, warmup not negative");
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < warmup; i++) {
                a.matMul(b).close();
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                // libtorch on CPU computes eagerly; reading one value is a cheap guard should that change.
                c.getFloat(0, 0);
                best = Math.min(best, System.nanoTime() - start);
                c.close();
            }
            return 2.0 * n * n * n / Math.max(1, best);
        }
    }
}
