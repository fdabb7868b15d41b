package org.preflab.app.gui.chart;

import java.util.Iterator;
import java.util.LinkedHashSet;
import javafx.animation.AnimationTimer;

/**
 * Spreads chart redraws over pulses so the FX thread never spends long on them in one go: each pulse redraws
 * waiting charts until about {@link #BUDGET_NANOS} is used, the rest wait for the next pulse; and a chart is redrawn
 * for new points at most every {@link #MIN_INTERVAL_NANOS}, however fast they arrive (a page of twenty charts fed
 * ten times a second would otherwise redraw two hundred times a second); a zoom, pan or setting change is drawn at
 * the next pulse. FX thread only.
 */
final class RedrawScheduler {
    static final long BUDGET_NANOS = 6_000_000;
    static final long MIN_INTERVAL_NANOS = 250_000_000;
    private static final LinkedHashSet<MetricChart> WAITING = new LinkedHashSet<>();
    private static final AnimationTimer TIMER = new AnimationTimer() {
        @Override
        public void handle(long now) {
            redrawSome();
        }
    };
    private static boolean running;

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
        Iterator<MetricChart> it = WAITING.iterator();
        while (it.hasNext() && System.nanoTime() - start < BUDGET_NANOS) {
            MetricChart c = it.next();
            if (!c.isPrompt() && start - c.lastRedrawNanos() < MIN_INTERVAL_NANOS) {
                continue; // drawn a moment ago: its new points wait a little and come in one redraw
            }
            it.remove();
            c.redrawIfWanted();
        }
        if (WAITING.isEmpty()) {
            TIMER.stop();
            running = false;
        }
    }
}
