package org.preflab.app.gui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for file work the views must not do on the JavaFX thread (reading a 100,000-pair file, tokenizing it,
 * polling run folders). Never for model work: that goes to the engine thread. Daemon threads, so that they never
 * keep the application alive.
 */
public final class IoThreads {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "preflab-io-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    private static final ExecutorService SHARED = Executors.newCachedThreadPool(DAEMONS);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(DAEMONS);

    private IoThreads() {}

    /** For one-off background reads. */
    public static ExecutorService shared() {
        return SHARED;
    }

    /** A thread of its own for a repeating poll; shut it down when its view goes. */
    public static ScheduledExecutorService poller() {
        return Executors.newSingleThreadScheduledExecutor(DAEMONS);
    }

    /** One shared thread for short delays (never for the work itself, which it hands on at once). */
    public static ScheduledExecutorService timer() {
        return TIMER;
    }
}
