package org.preflab.engine.compute;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits, on the Java side: a (B, V) float copy per step is cheap, and a
 * Java random stream makes runs reproducible regardless of libtorch's RNG or thread count.
 */
final class TokenSampler {
    private final SamplingConfig cfg;
    private final SplittableRandom random;

    TokenSampler(SamplingConfig cfg) {
        this.cfg = cfg;
        this.random = new SplittableRandom(cfg.seed());
    }

    /**
     * Samples from one row, {@code row[offset .. offset + v)}: the logits when the temperature is 0 (argmax), else
     * the probabilities softmax(logits / temperature), which libtorch computes for the whole batch at once (32,768
     * exponentials a step for 8 rows of a 4,096 vocabulary in Java's Math.exp were half of the Java-side samples of
     * a Flight Recorder profile of sampling; the whole-call figure did not move measurably).
     */
    long next(float[] row, int offset, int v) {
        if (cfg.temperature() == 0) {
            return argmax(row, offset, v);
        }
        double[] p = new double[v];
        double total = 0;
        for (int j = 0; j < v; j++) {
            p[j] = row[offset + j];
            total += p[j];
        }
        if (cfg.topK() > 0 || cfg.topP() < 1) {
            total = truncate(p, total);
        }
        double u = random.nextDouble() * total;
        double acc = 0;
        int last = 0;
        for (int j = 0; j < v; j++) {
            if (p[j] > 0) {
                acc += p[j];
                last = j;
                if (u < acc) {
                    return j;
                }
            }
        }
        return last; // rounding left u at the very top
    }

    /** Zeroes every token outside top-k and top-p; returns the remaining mass. */
    private double truncate(double[] p, double total) {
        Integer[] order = new Integer[p.length];
        for (int j = 0; j < p.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = cfg.topK() > 0 ? Math.min(cfg.topK(), p.length) : p.length;
        if (cfg.topP() < 1) {
            double acc = 0;
            int n = 0;
            while (n < keep) {
                acc += p[order[n++]] / total;
                if (acc >= cfg.topP()) {
                    break;
                }
            }
            keep = n;
        }
        double kept = 0;
        for (int i = 0; i < p.length; i++) {
            if (i < keep) {
                kept += p[order[i]];
            } else {
                p[order[i]] = 0;
            }
        }
        return kept;
    }

    static long argmax(float[] logits, int offset, int v) {
        int best = 0;
        for (int j = 1; j < v; j++) {
            if (logits[offset + j] > logits[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
