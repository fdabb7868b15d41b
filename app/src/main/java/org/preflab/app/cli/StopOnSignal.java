package org.preflab.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.preflab.engine.run.RunControl;

/**
 * Ctrl-C (SIGINT/SIGTERM) asks the run to stop at the next step boundary and waits for its final checkpoint, so
 * an interrupted run loses no finished step. A kill -9 loses at most the steps since the last checkpoint.
 */
final class StopOnSignal implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(RunControl control) {
        hook = new Thread(() -> {
            control.stop();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "preflab-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for this countDown and then lets the JVM exit
        }
    }
}
