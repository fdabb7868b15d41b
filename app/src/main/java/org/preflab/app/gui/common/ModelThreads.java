package org.preflab.app.gui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Where a view-model does its slow work and where it applies the result. In the workbench, file reading goes to a
 * small daemon pool and results come back with {@code Platform.runLater}; in view-model tests both are the calling
 * thread, so a test reads a model's state right after calling it, without a toolkit.
 *
 * @param io reads files (never the FX thread, never the engine thread)
 * @param fx applies results to JavaFX properties
 */
public record ModelThreads(Executor io, Executor fx) {
    /** File work on a daemon pool, results on the FX thread. */
    public static ModelThreads gui() {
        return new ModelThreads(IoThreads.shared(), Platform::runLater);
    }

    /** Everything on the calling thread (view-model tests). */
    public static ModelThreads direct() {
        return new ModelThreads(Runnable::run, Runnable::run);
    }

    /**
     * Short engine work (a generation, a loss curve) as an executor: it runs on the engine thread, between training
     * steps when a run holds that thread.
     */
    public static Executor engineShort(org.preflab.engine.runtime.EngineThread engine) {
        return r -> engine.submitShort(() -> {
            r.run();
            return null;
        });
    }

    /** Runs {@code read} on the io executor, then {@code apply} (or {@code fail}) on the fx executor. */
    public <T> void load(Callable<T> read, Consumer<T> apply, Consumer<Exception> fail) {
        io.execute(() -> {
            T value;
            try {
                value = read.call();
            } catch (Exception e) {
                fx.execute(() -> fail.accept(e));
                return;
            }
            fx.execute(() -> apply.accept(value));
        });
    }
}
