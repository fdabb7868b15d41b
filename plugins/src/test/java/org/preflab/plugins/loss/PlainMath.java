package org.preflab.plugins.loss;

import java.util.Arrays;
import org.preflab.engine.loss.PairLogps;

/**
 * The algorithms.md §0 quantities in plain double arithmetic, written apart from the engine so that the tests
 * check the NDArray code against an independent reading of the formulas.
 */
final class PlainMath {
    private PlainMath() {}

    static double logSigmoid(double u) {
        return Math.min(u, 0) - Math.log1p(Math.exp(-Math.abs(u)));
    }

    static double sigmoid(double u) {
        return Math.exp(logSigmoid(u));
    }

    /** s_c of pair i. */
    static double sc(PairLogps p, int i) {
        return p.policyChosen()[i] - p.referenceChosen()[i];
    }

    /** s_r of pair i. */
    static double sr(PairLogps p, int i) {
        return p.policyRejected()[i] - p.referenceRejected()[i];
    }

    /** h = s_c - s_r of pair i. */
    static double h(PairLogps p, int i) {
        return sc(p, i) - sr(p, i);
    }

    /** h̄ = s_c/L_c - s_r/L_r of pair i, token counts clamped to >= 1. */
    static double hNorm(PairLogps p, int i) {
        return sc(p, i) / Math.max(1, p.chosenLengths()[i]) - sr(p, i) / Math.max(1, p.rejectedLengths()[i]);
    }

    /** f(i) for every pair i. */
    static double[] each(PairLogps p, java.util.function.IntToDoubleFunction f) {
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(i);
        }
        return out;
    }

    static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }
}
