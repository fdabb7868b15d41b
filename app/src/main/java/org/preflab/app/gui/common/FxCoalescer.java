package org.preflab.app.gui.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/**
 * Hands work from any thread to the JavaFX thread with at most one pending {@code Platform.runLater}: producers
 * (the engine thread, a file follower) queue values in their own structure and call {@link #request()}; the FX
 * thread drains everything queued so far in one go, at most about {@code maxPerSecond} times a second. The engine
 * thread never waits on the FX thread.
 */
public final class FxCoalescer {
    private final Runnable drain;
    private final long minGapNanos;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastDrain;

    /** {@code drain} runs on the FX thread and takes everything queued so far. */
    public FxCoalescer(Runnable drain, int maxPerSecond) {
        this.drain = drain;
        this.minGapNanos = 1_000_000_000L / Math.max(1, maxPerSecond);
    }

    /** Asks for a drain; returns at once. Calls while one is pending are merged into it. */
    public void request() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        long wait = lastDrain + minGapNanos - System.nanoTime();
        if (wait <= 0) {
            Platform.runLater(this::run);
        } else {
            IoThreads.timer().schedule(() -> Platform.runLater(this::run), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        pending.set(false); // values queued from here on need another drain
        lastDrain = System.nanoTime();
        drain.run();
    }
}
