package org.preflab.engine.spa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SPA's confidence threshold τ (algorithms.md §4c), with the quirk of the paper's code kept: every micro-batch's mean
 * margin β·h̃ is recorded; once {@code window} values exist, <em>all</em> values recorded so far are sorted and τ is
 * the mean of the elements at ⌊window·K⌋ and ⌊window·K⌋+1 (K = refine_threshold). The list is never cleared, so τ
 * drifts toward the low tail as training goes on. Before {@code window} values exist τ = 0.
 *
 * <p>The value of a micro-batch is recorded before its τ is read, so the batch that completes the window already
 * uses an estimate. The second index is clamped to the list (it can only reach past it when K·window rounds to
 * window − 1). The recorded values are the whole state: {@link #values} goes into each checkpoint, so a resumed run
 * computes the same τ.
 */
public final class MarginThreshold {
    private final int window;
    private final double quantile;
    private final List<Double> values = new ArrayList<>();

    /**
     * @param window how many values must exist before τ is estimated (margin_window, 50 in the code)
     * @param quantile K in [0, 1), the share of margins counted as not confident (refine_threshold)
     */
    public MarginThreshold(int window, double quantile) {
        if (window < 1) {
            throw new IllegalArgumentException("margin window " + window + " must be >= 1");
        }
        if (!(quantile >= 0 && quantile < 1)) {
            throw new IllegalArgumentException("refine threshold " + quantile + " must be in [0, 1)");
        }
        this.window = window;
        this.quantile = quantile;
    }

    /** Records one micro-batch's mean margin and returns the τ that batch uses. */
    public double record(double meanMargin) {
        values.add(meanMargin);
        return threshold();
    }

    /** τ from the values recorded so far (0 until {@code window} exist). */
    public double threshold() {
        if (values.size() < window) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int i = (int) Math.floor(window * quantile);
        int j = Math.min(i + 1, sorted.length - 1);
        return (sorted[i] + sorted[j]) / 2;
    }

    /** Every value recorded, in order (the state a checkpoint keeps). */
    public List<Double> values() {
        return List.copyOf(values);
    }

    /** Replaces the recorded values with a checkpoint's. */
    public void restore(List<? extends Number> saved) {
        values.clear();
        saved.forEach(v -> values.add(v.doubleValue()));
    }
}
