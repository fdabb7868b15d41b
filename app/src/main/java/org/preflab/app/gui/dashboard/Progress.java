package org.preflab.app.gui.dashboard;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Time left and throughput from the last steps' arrival times: the mean time per step over a window of recent
 * steps (so a slow first step with its warm-up, or an evaluation long ago, does not skew it), times the steps left.
 */
final class Progress {
    private static final int WINDOW = 20;
    private final ArrayDeque<long[]> recent = new ArrayDeque<>(); // {step, nanos}

    void clear() {
        recent.clear();
    }

    /** A training step arrived at {@code nanos} (System.nanoTime). */
    void step(int step, long nanos) {
        while (!recent.isEmpty() && recent.peekLast()[0] >= step) {
            recent.pollLast(); // a resume replays steps
        }
        recent.addLast(new long[] {step, nanos});
        while (recent.size() > WINDOW) {
            recent.pollFirst();
        }
    }

    /** Seconds per step over the window, or NaN when unknown (fewer than two live steps). */
    double secondsPerStep() {
        if (recent.size() < 2) {
            return Double.NaN;
        }
        long[] first = recent.peekFirst();
        long[] last = recent.peekLast();
        long steps = last[0] - first[0];
        long nanos = last[1] - first[1];
        return steps <= 0 || nanos <= 0 ? Double.NaN : nanos / 1e9 / steps;
    }

    /** "3 min 20 s left" style text for {@code stepsLeft}, or "" when unknown. */
    String timeLeft(int stepsLeft) {
        double s = secondsPerStep();
        if (Double.isNaN(s) || stepsLeft < 0) {
            return "";
        }
        return duration(Math.round(s * stepsLeft));
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }
}
