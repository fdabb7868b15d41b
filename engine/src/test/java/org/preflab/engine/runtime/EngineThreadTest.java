package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineThreadTest {
    private final EngineThread engine = new EngineThread();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void runsOnOneNamedDaemonThread() {
        Thread t = engine.call(Thread::currentThread);
        assertEquals(EngineThread.NAME, t.getName());
        assertTrue(t.isDaemon());
        assertSame(t, engine.call(Thread::currentThread));
        assertTrue(engine.call(engine::isEngineThread));
        assertFalse(engine.isEngineThread());
    }

    @Test
    void shortTasksRunBetweenTheStepsOfALongTaskAndAtOnceWhenIdle() throws Exception {
        assertEquals("idle", engine.submitShort(() -> "idle").get());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean longDone = new AtomicBoolean();
        Future<?> longTask = engine.submit(() -> { // a "training run": 200 steps with a boundary each
            started.countDown();
            for (int step = 0; step < 200; step++) {
                Thread.sleep(10);
                EngineThread.runShortTasks();
            }
            longDone.set(true);
            return null;
        });
        started.await();
        Future<Boolean> during = engine.submitShort(() -> engine.isEngineThread() && !longDone.get());
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(1), () -> during.get()),
                "ran on the engine thread before the long task ended");
        longTask.get();
        EngineThread.runShortTasks(); // off the engine thread: nothing to do, no error
    }

    @Test
    void gradModeIsOffOnTheEngineThreadThoughNewThreadsStartWithItOn() throws Exception {
        assertFalse(engine.call(JniUtils::isGradMode));
        // Why the engine thread switches it off: a plain new thread starts with grad mode on (djl.md §2).
        DjlRuntime.engine();
        AtomicBoolean fresh = new AtomicBoolean();
        Thread plain = new Thread(() -> fresh.set(JniUtils.isGradMode()));
        plain.start();
        plain.join();
        assertTrue(fresh.get());
    }

    @Test
    void opsRecordNoGraphOutsideAGradientCollector() throws Exception {
        assertEquals("no graph", engine.call(EngineThreadTest::graphProbe));
        // The probe's control: the same ops on a plain new thread (grad mode on) do record a graph.
        DjlRuntime.engine();
        AtomicReference<String> plain = new AtomicReference<>();
        Thread t = new Thread(() -> plain.set(graphProbe()));
        t.start();
        t.join();
        assertEquals("graph", plain.get());
    }

    @Test
    void aGradientCollectorStillRecordsOnTheEngineThread() {
        float grad = engine.call(() -> {
            try (NDManager m = DjlRuntime.engine().newBaseManager()) {
                NDArray w = m.ones(new Shape(3));
                w.setRequiresGradient(true);
                try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                    gc.backward(w.mul(2).sum());
                }
                assertFalse(JniUtils.isGradMode(), "the collector restores grad mode off");
                return w.getGradient().getFloat(0);
            }
        });
        assertEquals(2f, grad);
    }

    /**
     * "graph" if {@code sum(w * 2)}, computed outside a collector, can be back-propagated, else "no graph".
     * Backward is the observation that works: {@code JniUtils.requiresGrad} is false even for results that have a
     * grad_fn, and {@code JniUtils.getGradientFunctionNames} crashes the JVM on a tensor without one.
     */
    private static String graphProbe() {
        Engine e = DjlRuntime.engine();
        try (NDManager m = e.newBaseManager()) {
            NDArray w = m.ones(new Shape(3));
            w.setRequiresGradient(true);
            NDArray y = w.mul(2).sum();
            try (GradientCollector gc = e.newGradientCollector()) {
                gc.backward(y);
                return w.getGradient().getFloat(0) == 2f ? "graph" : "wrong gradient";
            } catch (EngineException noGradFn) {
                // "element 0 of tensors does not require grad and does not have a grad_fn"
                return "no graph";
            }
        }
    }

    @Test
    void exceptionsComeBackUnwrapped() {
        IllegalArgumentException iae = new IllegalArgumentException("bad");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> engine.call(() -> {
            throw iae;
        })));
        IOException io = new IOException("disk");
        assertSame(io, assertThrows(UncheckedIOException.class, () -> engine.call(() -> {
            throw io;
        })).getCause());
        Exception checked = new Exception("checked");
        assertSame(checked, assertThrows(CompletionException.class, () -> engine.call(() -> {
            throw checked;
        })).getCause());
        AssertionError error = new AssertionError("error");
        assertSame(error, assertThrows(AssertionError.class, () -> engine.call(() -> {
            throw error;
        })));
        assertEquals(1, engine.call(() -> 1), "the thread survives failed tasks");
    }

    @Test
    void nestedCallOnTheEngineThreadDoesNotDeadlock() {
        int v = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> engine.call(() -> engine.call(() -> 42)));
        assertEquals(42, v);
        IOException io = new IOException("nested");
        assertSame(io, assertThrows(UncheckedIOException.class, () -> engine.call(() -> engine.call(() -> {
            throw io;
        }))).getCause());
    }

    @Test
    void submittedTasksRunInOrder() throws Exception {
        List<Integer> seen = new ArrayList<>();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            futures.add(engine.submit(() -> {
                seen.add(n); // only the engine thread touches the list
                return n;
            }));
        }
        assertEquals(49, futures.get(49).get());
        assertEquals(50, engine.call(seen::size));
        for (int i = 0; i < 50; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void closeFinishesQueuedWorkThenRejectsMore() {
        AtomicBoolean done = new AtomicBoolean();
        engine.submit(() -> {
            Thread.sleep(200);
            done.set(true);
            return null;
        });
        engine.close();
        assertTrue(done.get());
        assertThrows(RejectedExecutionException.class, () -> engine.submit(() -> 1));
    }

    @Test
    void oneIntraOpThreadUsesAtMostAboutOneCore() {
        int before = engine.call(() -> DjlRuntime.settings().intraOpThreads());
        try {
            engine.setIntraOpThreads(1);
            assertEquals(1, engine.call(JniUtils::getNumThreads));
            // CPU time over wall time of a matmul loop: at most ~1 on one thread whatever else runs on the machine
            // (other load only lowers it), where two threads on an idle 2-core box give ~2.
            double coresUsed = engine.call(EngineThreadTest::coresUsedByMatmuls);
            assertTrue(coresUsed < 1.5, "cores used with 1 intra-op thread: " + coresUsed);
        } finally {
            engine.setIntraOpThreads(before);
        }
        assertEquals(before, DjlRuntime.settings().intraOpThreads());
    }

    private static double coresUsedByMatmuls() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (NDManager m = DjlRuntime.engine().newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(512, 512));
            a.matMul(a).close();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            while (System.nanoTime() - wall0 < 400_000_000L) {
                a.matMul(a).close();
            }
            return (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
        }
    }
}
