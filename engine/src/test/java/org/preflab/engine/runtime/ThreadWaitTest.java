package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** libgomp's reading of the environment: GOMP_SPINCOUNT wins, then OMP_WAIT_POLICY, then its 300,000 rounds. */
class ThreadWaitTest {
    @Test
    void readsTheEnvironmentAsLibgompDoes() {
        assertEquals("waiting threads sleep (PREFLAB_CPU=shared)",
                ThreadWait.describe(Map.of("OMP_WAIT_POLICY", "PASSIVE", "PREFLAB_CPU", "shared")));
        assertEquals("waiting threads spin 10000 rounds, then sleep (PREFLAB_CPU=dedicated)",
                ThreadWait.describe(Map.of("OMP_WAIT_POLICY", "ACTIVE", "GOMP_SPINCOUNT", "10000",
                        "PREFLAB_CPU", "dedicated")));
        assertEquals("waiting threads spin 10000 rounds, then sleep (PREFLAB_CPU=adaptive); one thread fewer while other"
                + " work takes a core (ThreadGovernor)", ThreadWait.describe(Map.of("OMP_WAIT_POLICY", "ACTIVE",
                        "GOMP_SPINCOUNT", "10000", "PREFLAB_CPU", "adaptive")));
        assertEquals("waiting threads spin 2000 rounds, then sleep",
                ThreadWait.describe(Map.of("OMP_WAIT_POLICY", "passive", "GOMP_SPINCOUNT", "2000")));
        assertEquals("waiting threads spin", ThreadWait.describe(Map.of("OMP_WAIT_POLICY", "active")));
        assertEquals("waiting threads spin up to 300000 rounds, then sleep (libgomp's default)",
                ThreadWait.describe(Map.of()));
    }

    @Test
    void threadsSleepAtOnceOnlyWhenPassiveWithoutASpin() {
        assertTrue(ThreadWait.sleeps(Map.of("OMP_WAIT_POLICY", "PASSIVE")));
        assertTrue(ThreadWait.sleeps(Map.of("OMP_WAIT_POLICY", "active", "GOMP_SPINCOUNT", "0")));
        assertFalse(ThreadWait.sleeps(Map.of("OMP_WAIT_POLICY", "ACTIVE", "GOMP_SPINCOUNT", "10000")));
        assertFalse(ThreadWait.sleeps(Map.of("OMP_WAIT_POLICY", "passive", "GOMP_SPINCOUNT", "2000")));
        assertFalse(ThreadWait.sleeps(Map.of("OMP_WAIT_POLICY", "active")));
        assertFalse(ThreadWait.sleeps(Map.of()));
    }
}
