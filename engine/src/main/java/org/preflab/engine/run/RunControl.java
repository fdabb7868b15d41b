package org.preflab.engine.run;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Steering a run from any thread (GUI, signal handler, tests). Requests are honoured at the next step boundary;
 * native code is never interrupted. A paused run waits on its engine thread until resumed or stopped.
 */
public final class RunControl {
    /** What the run should do at the next boundary. */
    public enum Request { RUN, PAUSE, STOP }

    private final AtomicReference<Request> request = new AtomicReference<>(Request.RUN);
    private final AtomicReference<java.util.function.UnaryOperator<RunConfig>> fork = new AtomicReference<>();

    public void pause() {
        request.compareAndSet(Request.RUN, Request.PAUSE);
    }

    public void resume() {
        synchronized (this) {
            request.compareAndSet(Request.PAUSE, Request.RUN);
            notifyAll();
        }
    }

    public void stop() {
        synchronized (this) {
            request.set(Request.STOP);
            notifyAll();
        }
    }

    /**
     * Asks for a fork: at the next boundary the run checkpoints and a new run starts from that checkpoint with the
     * config changed by {@code change} (a new run folder; this run continues).
     */
    public void fork(java.util.function.UnaryOperator<RunConfig> change) {
        fork.set(change);
    }

    public Request request() {
        return request.get();
    }

    java.util.function.UnaryOperator<RunConfig> takeFork() {
        return fork.getAndSet(null);
    }

    /** Blocks while paused; returns false when the run should stop. */
    boolean awaitRunnable() throws InterruptedException {
        while (request.get() == Request.PAUSE) {
            synchronized (this) {
                if (request.get() == Request.PAUSE) {
                    wait(100); // wakes to serve short engine tasks: a paused run still holds the engine thread
                }
            }
            // outside the lock, so resume() and stop() never wait for a short task
            org.preflab.engine.runtime.EngineThread.runShortTasks();
        }
        return request.get() != Request.STOP;
    }
}
