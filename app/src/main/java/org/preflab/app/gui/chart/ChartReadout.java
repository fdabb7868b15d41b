package org.preflab.app.gui.chart;

import java.util.List;
import java.util.Locale;

/** What the crosshair reads out: the nearest point of each series, and the events at that x. Pure logic. */
final class ChartReadout {
    private ChartReadout() {}

    /** The x of the data point nearest {@code x} over all series ({@code x} itself when there are none). */
    static double snap(List<SeriesData> series, double x) {
        double best = x;
        double dist = Double.POSITIVE_INFINITY;
        for (SeriesData s : series) {
            int i = s.nearest(x);
            if (i >= 0 && Math.abs(s.x(i) - x) < dist) {
                dist = Math.abs(s.x(i) - x);
                best = s.x(i);
            }
        }
        return best;
    }

    /** Each series' value nearest {@code x} (with its smoothed value when smoothing is on), and the events near x. */
    static String text(List<SeriesData> series, List<EventMarker> markers, String xName, boolean smoothed, double x,
            double tolerance) {
        StringBuilder sb = new StringBuilder(xName).append(' ').append(format(x));
        for (SeriesData s : series) {
            int i = s.nearest(x);
            if (i < 0) {
                continue;
            }
            sb.append('\n').append(s.name()).append(": ").append(format(s.y(i)));
            if (s.style() == SeriesStyle.LINE && smoothed) {
                sb.append("  (smoothed ").append(format(s.smoothed(i))).append(')');
            }
            if (s.x(i) != x) {
                sb.append("  @ ").append(format(s.x(i)));
            }
        }
        double tol = Double.isNaN(tolerance) ? 0.5 : tolerance;
        for (EventMarker m : markers) {
            if (Math.abs(m.x() - x) <= tol) {
                sb.append('\n').append(m.label());
            }
        }
        return sb.toString();
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
