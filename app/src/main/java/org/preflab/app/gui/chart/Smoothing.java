package org.preflab.app.gui.chart;

/**
 * TensorBoard's smoothing: an exponential moving average with debiasing, so the first points are not pulled toward
 * zero. With weight w, {@code last = w·last + (1−w)·y} and the shown value is {@code last / (1 − w^n)} after n
 * finite points. A constant series and non-finite values are shown as they are (as TensorBoard does).
 *
 * <p>{@link Running} keeps the state so a live series smooths each new point in O(1); {@link #ema} recomputes a
 * whole series when the weight changes.
 */
public final class Smoothing {
    /** The slider's range in TensorBoard: 0 (off) up to 0.999. */
    public static final double MAX_WEIGHT = 0.999;

    private Smoothing() {}

    /** The smoothed values of {@code y[0..n)} with {@code weight} in [0, MAX_WEIGHT]. */
    public static double[] ema(double[] y, int n, double weight) {
        double[] out = new double[n];
        Running r = new Running(weight);
        for (int i = 0; i < n; i++) {
            out[i] = r.next(y[i]);
        }
        if (isConstant(y, n)) {
            System.arraycopy(y, 0, out, 0, n);
        }
        return out;
    }

    private static boolean isConstant(double[] y, int n) {
        for (int i = 1; i < n; i++) {
            if (Double.compare(y[i], y[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The smoothing state of one growing series. */
    public static final class Running {
        private final double weight;
        private double last;
        private int count;

        public Running(double weight) {
            if (!(weight >= 0 && weight <= MAX_WEIGHT)) {
                throw new IllegalArgumentException("smoothing weight must be in [0, " + MAX_WEIGHT + "], got " + weight);
            }
            this.weight = weight;
        }

        /** The smoothed value at the next point {@code y}. */
        public double next(double y) {
            if (!Double.isFinite(y)) {
                return y; // a NaN or infinite loss is shown as it is and does not poison what follows
            }
            last = last * weight + (1 - weight) * y;
            count++;
            double debias = 1 - Math.pow(weight, count);
            return last / debias;
        }
    }
}
