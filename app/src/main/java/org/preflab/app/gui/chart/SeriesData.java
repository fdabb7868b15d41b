package org.preflab.app.gui.chart;

import java.util.Arrays;

/**
 * One named series, all its points (x ascending) and their smoothed values, kept whole for export while the chart
 * draws a downsampled view. Appending is O(1) amortised, smoothing included. A point whose x is not past the last
 * one replaces the points from that x on: a resumed run re-records the steps after its checkpoint.
 */
public final class SeriesData {
    private final String name;
    private final SeriesStyle style;
    private final String color;
    private double[] x = new double[64];
    private double[] y = new double[64];
    private double[] smoothed = new double[64];
    private int size;
    private double weight;
    private Smoothing.Running running;

    /**
     * @param color a CSS hex colour ("#1f77b4")
     */
    public SeriesData(String name, SeriesStyle style, String color, double smoothingWeight) {
        this.name = name;
        this.style = style;
        this.color = color;
        this.weight = smoothingWeight;
        this.running = new Smoothing.Running(smoothingWeight);
    }

    public String name() {
        return name;
    }

    public SeriesStyle style() {
        return style;
    }

    public String color() {
        return color;
    }

    public int size() {
        return size;
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double smoothed(int i) {
        return smoothed[i];
    }

    /** The arrays themselves (valid up to {@link #size()}); callers must not change them. */
    double[] xs() {
        return x;
    }

    double[] ys() {
        return y;
    }

    double[] smoothedValues() {
        return smoothed;
    }

    public void append(double px, double py) {
        if (size > 0 && px <= x[size - 1]) {
            int keep = Downsampling.lowerBound(x, size, px);
            size = keep;
            recomputeSmoothing(); // the running state must forget the dropped points
        }
        if (size == x.length) {
            int cap = size * 2;
            x = Arrays.copyOf(x, cap);
            y = Arrays.copyOf(y, cap);
            smoothed = Arrays.copyOf(smoothed, cap);
        }
        x[size] = px;
        y[size] = py;
        smoothed[size] = running.next(py);
        size++;
    }

    public void clear() {
        size = 0;
        running = new Smoothing.Running(weight);
    }

    /** Changes the smoothing weight and recomputes every smoothed value. */
    public void setSmoothing(double w) {
        if (w != weight) {
            weight = w;
            recomputeSmoothing();
        }
    }

    public double smoothingWeight() {
        return weight;
    }

    private void recomputeSmoothing() {
        double[] s = Smoothing.ema(y, size, weight);
        System.arraycopy(s, 0, smoothed, 0, size);
        running = new Smoothing.Running(weight);
        for (int i = 0; i < size; i++) {
            running.next(y[i]);
        }
    }

    /** The index of the point nearest {@code px} (-1 when empty). */
    public int nearest(double px) {
        return Downsampling.nearest(x, size, px);
    }
}
