package org.preflab.engine.winrate;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    @Test
    void matchesPublishedValues() {
        // 81 of 263 (Wilson 1927 via Newcombe 1998, Stat Med 17:857, example (a)): 0.2553 to 0.3662
        double[] ci = WilsonInterval.of(81, 263, WilsonInterval.Z95);
        assertEquals(0.2553, ci[0], 5e-4);
        assertEquals(0.3662, ci[1], 5e-4);
        // 15 of 148 (Newcombe's example (b)): 0.0624 to 0.1605
        ci = WilsonInterval.of(15, 148, WilsonInterval.Z95);
        assertEquals(0.0624, ci[0], 5e-4);
        assertEquals(0.1605, ci[1], 5e-4);
    }

    @Test
    void staysInsideTheUnitIntervalAtTheEdges() {
        double[] none = WilsonInterval.of(0, 10, WilsonInterval.Z95);
        assertEquals(0, none[0], 1e-12);
        assertEquals(0.2775, none[1], 5e-4); // Newcombe's example (d): 0/10 gives 0 to 0.2775
        double[] all = WilsonInterval.of(10, 10, WilsonInterval.Z95);
        assertEquals(1, all[1], 1e-12);
        assertTrue(all[0] > 0.7);
        assertArrayEquals(new double[] {0, 1}, WilsonInterval.of(0, 0, WilsonInterval.Z95));
    }
}
