package org.preflab.app.gui.chart;

import java.util.Arrays;

/**
 * Reduces a long series to what a chart of a given width can show: the points inside the visible x range are put
 * in one bucket per pixel column, and each bucket keeps its lowest and highest point (in x order), so spikes survive
 * and the line looks the same as the full one at that width. The first and last points, and one point each side of
 * the range, are kept so the line runs to the chart's edges while panning. The x values must be ascending.
 */
public final class Downsampling {
    private Downsampling() {}

    /** Points as parallel arrays. */
    public record Points(double[] x, double[] y) {
        public int size() {
            return x.length;
        }
    }

    /**
     * The points of {@code (x, y)[0..n)} to draw for the visible range {@code [lo, hi]} in {@code buckets} columns.
     * A range with at most 2 points per bucket is returned whole (nothing to gain).
     */
    public static Points minMax(double[] x, double[] y, int n, double lo, double hi, int buckets) {
        int from = Math.max(0, lowerBound(x, n, lo) - 1);
        int to = Math.min(n, upperBound(x, n, hi) + 1); // exclusive
        if (to <= from) {
            return new Points(new double[0], new double[0]);
        }
        int count = to - from;
        if (buckets < 1 || count <= 2L * buckets || !(hi > lo)) {
            return new Points(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
        }
        double[] ox = new double[2 * buckets + 8];
        double[] oy = new double[ox.length];
        int k = 0;
        double width = (hi - lo) / buckets;
        int i = from;
        while (i < to) {
            int bucket = (int) Math.floor((x[i] - lo) / width);
            int end = i;
            int minAt = i;
            int maxAt = i;
            while (end < to && (int) Math.floor((x[end] - lo) / width) == bucket) {
                if (y[end] < y[minAt] || Double.isNaN(y[minAt])) {
                    minAt = end;
                }
                if (y[end] > y[maxAt] || Double.isNaN(y[maxAt])) {
                    maxAt = end;
                }
                end++;
            }
            int first = i == from ? i : Math.min(minAt, maxAt); // the range's first and last points always stay
            int last = end == to ? end - 1 : Math.max(minAt, maxAt);
            int[] keep = {first, Math.min(minAt, maxAt), Math.max(minAt, maxAt), last};
            int prev = -1;
            for (int idx : keep) {
                if (idx != prev) {
                    if (k == ox.length) {
                        ox = Arrays.copyOf(ox, ox.length * 2);
                        oy = Arrays.copyOf(oy, oy.length * 2);
                    }
                    ox[k] = x[idx];
                    oy[k] = y[idx];
                    k++;
                    prev = idx;
                }
            }
            i = end;
        }
        return new Points(Arrays.copyOf(ox, k), Arrays.copyOf(oy, k));
    }

    /** The first index with x >= v (n when none). */
    static int lowerBound(double[] x, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index with x > v (n when none). */
    static int upperBound(double[] x, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the point whose x is nearest {@code v} (-1 for an empty series). */
    public static int nearest(double[] x, int n, double v) {
        if (n == 0) {
            return -1;
        }
        int i = lowerBound(x, n, v);
        if (i == 0) {
            return 0;
        }
        if (i == n) {
            return n - 1;
        }
        return v - x[i - 1] <= x[i] - v ? i - 1 : i;
    }
}
