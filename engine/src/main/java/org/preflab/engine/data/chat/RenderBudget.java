package org.preflab.engine.data.chat;

/**
 * The time budget of the render running on this thread. Rendering stays on the caller's thread and the interpreter
 * checks the deadline each time it reaches for its context (several times per loop iteration and per node), so a
 * runaway template stops itself: no worker thread to interrupt, none left spinning after a timeout.
 */
final class RenderBudget {
    /** Thrown past the deadline. An Error, because jinjava catches exceptions in each node and renders on. */
    static final class Exceeded extends Error {
        Exceeded() {
            super("render time limit", null, false, false);
        }
    }

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private RenderBudget() {}

    /** A started budget; closing it restores the enclosing one. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts a budget on this thread; close it when the render returns. */
    static Scope start(long nanos) {
        Long outer = DEADLINE.get();
        DEADLINE.set(System.nanoTime() + nanos);
        return () -> {
            if (outer == null) DEADLINE.remove();
            else DEADLINE.set(outer);
        };
    }

    /** The deadline (System.nanoTime) of this thread's render, or null outside a render. */
    static Long deadline() {
        return DEADLINE.get();
    }

    static void check(long deadline) {
        if (System.nanoTime() - deadline > 0) throw new Exceeded();
    }
}
