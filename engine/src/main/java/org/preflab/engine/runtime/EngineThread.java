package org.preflab.engine.runtime;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns every DJL object (djl.md §2 "Threads"). The application makes one and sends all model work
 * here; other threads (JavaFX, CLI) get primitives back.
 *
 * <p>Why a dedicated thread: libtorch state is per thread. Grad mode is on in every new thread (PtEngine turns it off
 * only on the thread that started the engine), so ops on an arbitrary worker would silently build autograd graphs;
 * and the intra-op thread count, once set, holds for one thread only. Before its first task this thread starts the
 * engine via {@link DjlRuntime#engine()} and turns grad mode off; a {@code GradientCollector} turns it on while it is
 * open and restores it on close.
 */
public final class EngineThread implements AutoCloseable {
    public static final String NAME = "preflab-engine";
    private static final long CLOSE_WAIT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(EngineThread.class);

    /** The engine thread a task runs on, so that a long task can let short ones in ({@link #runShortTasks}). */
    private static final ThreadLocal<EngineThread> CURRENT = new ThreadLocal<>();

    private final ExecutorService executor;
    /** Short tasks (a generation, a loss curve) that may also run between the steps of a training run. */
    private final java.util.concurrent.ConcurrentLinkedQueue<java.util.concurrent.FutureTask<?>> shortTasks =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    /** The thread already prepared; only read and written on the engine thread. */
    private Thread prepared;

    public EngineThread() {
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, NAME);
            t.setDaemon(true); // never keeps the JVM alive on its own
            thread = t;
            return t;
        });
    }

    /** Queues {@code task} on the engine thread; tasks run one at a time, in order. */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(() -> {
            prepare();
            return task.call();
        });
    }

    /**
     * Queues a short task: it runs when the thread is idle, or earlier, between two steps of a training run (which
     * otherwise holds the thread for its whole length), so a view can generate or plot while a run trains. The task
     * must leave no state behind (close its managers and gradient collectors). Runs at most once.
     */
    public <T> Future<T> submitShort(Callable<T> task) {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(() -> {
            prepare();
            return task.call();
        });
        shortTasks.add(f);
        executor.execute(this::drainShortTasks); // when idle: at once
        return f;
    }

    /**
     * Runs the short tasks queued so far, when called on an engine thread (a training loop calls this at each step
     * boundary and while paused); does nothing elsewhere. No gradient collector may be open.
     */
    public static void runShortTasks() {
        EngineThread e = CURRENT.get();
        if (e != null && e.isEngineThread()) {
            e.drainShortTasks();
        }
    }

    private void drainShortTasks() {
        java.util.concurrent.FutureTask<?> t;
        while ((t = shortTasks.poll()) != null) {
            t.run(); // a FutureTask already run (or cancelled) does nothing
        }
    }

    /**
     * Runs {@code task} on the engine thread and waits for it; run directly when already there, which a queue of one
     * thread would otherwise deadlock on. Exceptions come back as the task threw them when unchecked; an
     * {@link IOException} as {@link UncheckedIOException}, any other checked one as {@link CompletionException}.
     *
     * @throws CancellationException if the caller is interrupted while waiting (the interrupt flag stays set; a
     *     task not yet started is dropped, a running one finishes)
     */
    public <T> T call(Callable<T> task) {
        if (isEngineThread()) {
            try {
                prepare();
                return task.call();
            } catch (Exception e) {
                throw unchecked(e);
            }
        }
        Future<T> future = submit(task);
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            CancellationException c = new CancellationException("interrupted while waiting for " + NAME);
            c.initCause(e);
            throw c;
        }
    }

    /** Whether the calling thread is this engine thread. */
    public boolean isEngineThread() {
        return Thread.currentThread() == thread;
    }

    /** Sets libtorch's intra-op threads where they count: on this thread (see {@link DjlRuntime#setIntraOpThreads}). */
    public void setIntraOpThreads(int threads) {
        call(() -> {
            DjlRuntime.setIntraOpThreads(threads);
            return null;
        });
    }

    /**
     * Lets queued tasks finish, then ends the thread; waits up to 30 s (not at all when called on the engine thread
     * itself). Later submissions are rejected.
     */
    @Override
    public void close() {
        executor.shutdown();
        if (isEngineThread()) {
            return;
        }
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} still busy {} s after close; leaving it to finish (daemon thread)", NAME,
                        CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void prepare() {
        Thread current = Thread.currentThread();
        if (prepared != current) {
            DjlRuntime.engine();
            JniUtils.setGradMode(false);
            prepared = current;
            CURRENT.set(this);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new CompletionException(t);
    }
}
