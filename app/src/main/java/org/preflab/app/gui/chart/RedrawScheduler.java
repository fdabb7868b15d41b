package org.preflab.app.gui.chart;

import java.util.Iterator;
import java.util.LinkedHashSet;
import javafx.animation.AnimationTimer;

/**
 * Spreads chart redraws over pulses so the FX thread never spends long on them in one go: each pulse redraws
 * waiting charts until about {@link #BUDGET_NANOS} is used, the rest wait for the next pulse; and a chart is redrawn
 * for new points at most every {@link #MIN_INTERVAL_NANOS}, however fast they arrive (a page of twenty charts fed
 * ten times a second would otherwise redraw two hundred times a second), and redraws for new points take at most
 * {@link #PER_SECOND_NANOS} of FX time a second, so that training, which shares the CPU, keeps its speed. A zoom,
 * pan or setting change is drawn at the next pulse. FX thread only.
 */
final class RedrawScheduler {
    static final long BUDGET_NANOS = 6_000_000;
    /** One redraw a second per chart for new points: measured, 500 ms cost training 8% more speed for no more insight. */
    static final long MIN_INTERVAL_NANOS = 1_000_000_000;
    /**
     * Redraws for new points use at most this much FX time a second (4% of a core; with software rendering the
     * renderer thread spends about three times as much again); the rest wait.
     */
    static final long PER_SECOND_NANOS = 40_000_000;
    private static final LinkedHashSet<MetricChart> WAITING = new LinkedHashSet<>();
    private static final AnimationTimer TIMER = new AnimationTimer() {
        @Override
        public void handle(long now) {
            redrawSome();
        }
    };
    private static boolean running;
    private static long windowStart;
    private static long spentInWindow;

    private RedrawScheduler() {}

    static void request(MetricChart chart) {
        WAITING.add(chart);
        if (!running) {
            running = true;
            TIMER.start();
        }
    }

    private static void redrawSome() {
        long start = System.nanoTime();
        if (start - windowStart > 1_000_000_000L) {
            windowStart = start;
            spentInWindow = 0;
        }
        Iterator<MetricChart> it = WAITING.iterator();
        while (it.hasNext() && System.nanoTime() - start < BUDGET_NANOS) {
            MetricChart c = it.next();
            boolean prompt = c.isPrompt();
            if (!prompt && (start - c.lastRedrawNanos() < MIN_INTERVAL_NANOS || spentInWindow > PER_SECOND_NANOS)) {
                continue; // drawn a moment ago, or this second's share is used: its points come in a later redraw
            }
            it.remove();
            long t = System.nanoTime();
            c.redrawIfWanted();
            spentInWindow += System.nanoTime() - t;
        }
        if (WAITING.isEmpty()) {
            TIMER.stop();
            running = false;
        }
    }
}
