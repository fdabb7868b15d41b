package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Precomputed rotate-half RoPE tables (computed in double, stored as float32). */
final class RotaryTables {
    private RotaryTables() {}

    /**
     * Returns {cos (P, hd), sin (P, hd), R (hd, hd)} where x·R = rotate_half over the first {@code rotary} features
     * ([-x2, x1] within them) and 0 beyond; cos is 1 and sin 0 beyond, so x cos + (x R) sin leaves those features
     * as they are (NeoX's partial rotary) without slicing.
     */
    static NDArray[] build(NDManager m, int positions, int hd, int rotary, Rope rope) {
        int half = rotary / 2;
        double[] inverseFrequencies = rope.inverseFrequencies(rotary);
        int cells = Math.multiplyExact(positions, hd); // sized by the positions used, never by a config value
        float[] cos = new float[cells];
        float[] sin = new float[cells];
        java.util.Arrays.fill(cos, 1f);
        for (int t = 0; t < positions; t++) {
            for (int i = 0; i < half; i++) {
                double angle = t * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[t * hd + i] = c; // the half-length vector repeated, not interleaved
                cos[t * hd + i + half] = c;
                sin[t * hd + i] = s;
                sin[t * hd + i + half] = s;
            }
        }
        float[] r = new float[hd * hd];
        for (int j = 0; j < half; j++) {
            r[(j + half) * hd + j] = -1; // output j (< rotary/2) = -x[j + rotary/2]
            r[j * hd + j + half] = 1; // output j + rotary/2 = x[j]
        }
        return new NDArray[] {
            m.create(cos, new Shape(positions, hd)), m.create(sin, new Shape(positions, hd)), m.create(r, new Shape(hd, hd))
        };
    }
}
