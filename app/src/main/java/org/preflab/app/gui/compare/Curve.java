package org.preflab.app.gui.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric of one run as points, x ascending (step or tokens). Interpolation is linear between points and
 * undefined (NaN) outside them: a difference curve never extrapolates a run past where it was measured.
 */
public record Curve(double[] x, double[] y) {
    public Curve {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values for " + y.length + " y values");
        }
    }

    public int size() {
        return x.length;
    }

    /** y at {@code at} by linear interpolation; NaN outside [x0, xn] or on an empty curve. */
    public double at(double at) {
        int n = x.length;
        if (n == 0 || at < x[0] || at > x[n - 1] || Double.isNaN(at)) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) { // binary search: a long run has 100,000 points
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= at) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (x[hi] == at) {
            return y[hi];
        }
        if (x[lo] == x[hi]) {
            return y[lo];
        }
        double t = (at - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    /**
     * This curve minus {@code baseline}, at the baseline's x values where both are defined (this run interpolated
     * to the baseline's steps or token counts).
     */
    public Curve minus(Curve baseline) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < baseline.size(); i++) {
            double v = at(baseline.x[i]);
            if (!Double.isNaN(v)) {
                pts.add(new double[] {baseline.x[i], v - baseline.y[i]});
            }
        }
        double[] dx = new double[pts.size()];
        double[] dy = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            dx[i] = pts.get(i)[0];
            dy[i] = pts.get(i)[1];
        }
        return new Curve(dx, dy);
    }
}
