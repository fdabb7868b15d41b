package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the governor drops a thread and when it takes it back, read from scripted /proc samples. */
class ThreadGovernorTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void decidesByTheCoresOtherWorkTakes() {
        // 2 cores, 2 threads: a busy loop (about 1 core) beyond the 0 left free takes one away
        assertEquals(2, ThreadGovernor.decide(2, 2, 2, 0.1));
        assertEquals(2, ThreadGovernor.decide(2, 2, 2, 0.7));
        assertEquals(1, ThreadGovernor.decide(2, 2, 2, 0.95));
        // at 1 thread it comes back only once the other work leaves a quarter core over (no flapping at half busy)
        assertEquals(1, ThreadGovernor.decide(1, 2, 2, 0.5));
        assertEquals(2, ThreadGovernor.decide(1, 2, 2, 0.2));
        // never below 1, never above the configured count
        assertEquals(1, ThreadGovernor.decide(2, 2, 2, 5.0));
        assertEquals(4, ThreadGovernor.decide(2, 4, 8, 0.0));
        // 8 cores, 8 threads, 3 cores of other work: 5 threads in one decision
        assertEquals(5, ThreadGovernor.decide(8, 8, 8, 3.0));
    }

    @Test
    void followsTheMachineAndReadsAtMostOncePerWindow() {
        // {total, busy, own} ticks of 2 cores, 100 a second each; own = the model's busy time
        Deque<ThreadGovernor.Sample> samples = samples(new long[][] {{0, 0, 0},
            {200, 190, 180}, // 1 s: others 0.1 core
            {400, 390, 280}, // 1 s: a busy loop, others 1.0
            {600, 590, 380}, // still busy
            {800, 780, 570}}); // the loop ended: others 0
        List<Integer> applied = new ArrayList<>();
        ThreadGovernor g = new ThreadGovernor(2, samples::poll, applied::add);
        g.check(0);
        g.check(SECOND);
        assertEquals(2, g.current());
        g.check(SECOND + ThreadGovernor.WINDOW_NANOS / 2); // within the window: not read
        assertEquals(3, samples.size());
        g.check(2 * SECOND);
        assertEquals(1, g.current());
        g.check(3 * SECOND);
        assertEquals(1, g.current());
        g.check(4 * SECOND);
        assertEquals(2, g.current());
        assertEquals(List.of(1, 2), applied, "libtorch told of each change, once");
        assertEquals(List.of("intra-op threads 2 -> 1: other work takes 1.00 of 2 cores",
                "intra-op threads 1 -> 2: other work takes 0.00 of 2 cores"), g.drain(), "for the run's events");
        assertEquals(List.of(), g.drain(), "each change told once");
    }

    @Test
    void anotherModelThreadStartsItsReadingsAfresh() {
        // the last two read by another thread: its "own" leaves out other threads, so it cannot be held against the
        // first's
        Deque<ThreadGovernor.Sample> samples = samples(new long[][] {{0, 0, 0}, {200, 190, 180}, {400, 390, -5000},
            {600, 590, -4800}});
        List<Integer> applied = new ArrayList<>();
        ThreadGovernor g = new ThreadGovernor(2, samples::poll, applied::add);
        Thread a = new Thread(() -> { });
        Thread b = new Thread(() -> { });
        g.pollFrom(a, 0);
        g.pollFrom(a, SECOND);
        g.pollFrom(b, 2 * SECOND); // a fresh first reading, no decision
        g.pollFrom(b, 3 * SECOND);
        assertEquals(2, g.current());
        assertEquals(List.of(), applied);
    }

    private static Deque<ThreadGovernor.Sample> samples(long[][] rows) {
        Deque<ThreadGovernor.Sample> out = new ArrayDeque<>();
        for (long[] r : rows) {
            out.add(new ThreadGovernor.Sample(r[0], r[1], r[2], 2));
        }
        return out;
    }

    @Test
    void unreadableProcKeepsTheCount() {
        List<Integer> applied = new ArrayList<>();
        ThreadGovernor g = new ThreadGovernor(2, () -> null, applied::add);
        g.check(0);
        g.check(SECOND);
        assertEquals(2, g.current());
        assertEquals(List.of(), applied);
    }

    @Test
    void readsTheCpusAProcessMayRunOn() {
        assertEquals("{0, 1, 2, 3, 6}",
                ThreadGovernor.allowedCpus(List.of("Name:\tjava", "Cpus_allowed_list:\t0-3,6")).toString());
        assertEquals("{}", ThreadGovernor.allowedCpus(List.of("Name:\tjava")).toString());
    }
}
