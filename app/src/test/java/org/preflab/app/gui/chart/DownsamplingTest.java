package org.preflab.app.gui.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Min/max per pixel column keeps the shape (spikes, ends) of a long series in a few points. */
class DownsamplingTest {
    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void shortRangeIsReturnedWhole() {
        double[] x = steps(10);
        double[] y = steps(10);
        Downsampling.Points p = Downsampling.minMax(x, y, 10, 1, 10, 100);
        assertArrayEquals(x, p.x(), 0);
        assertArrayEquals(y, p.y(), 0);
    }

    @Test
    void hundredThousandPointsBecomeAtMostFourPerColumnAndKeepSpikesAndEnds() {
        int n = 100_000;
        double[] x = steps(n);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(i * 0.001);
        }
        y[54_321] = 50;   // a spike
        y[77_777] = -50;  // and a dip
        Downsampling.Points p = Downsampling.minMax(x, y, n, 1, n, 800);
        assertTrue(p.size() <= 2 * 800 + 4, "points: " + p.size());
        assertEquals(1, p.x()[0]);
        assertEquals(n, p.x()[p.size() - 1]);
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            max = Math.max(max, p.y()[i]);
            min = Math.min(min, p.y()[i]);
            if (i > 0) {
                assertTrue(p.x()[i] > p.x()[i - 1], "x ascending");
            }
        }
        assertEquals(50, max);
        assertEquals(-50, min);
    }

    @Test
    void zoomedRangeKeepsOneNeighbourEachSide() {
        int n = 10_000;
        double[] x = steps(n);
        double[] y = steps(n);
        Downsampling.Points p = Downsampling.minMax(x, y, n, 5000.5, 5100.5, 10);
        assertEquals(5000, p.x()[0]); // the point left of the range, so the line reaches the edge
        assertEquals(5101, p.x()[p.size() - 1]);
        assertTrue(p.size() < 60);
    }

    @Test
    void rangeOutsideTheDataGivesItsNearestPointsOnly() {
        double[] x = steps(100);
        Downsampling.Points p = Downsampling.minMax(x, x, 100, 500, 600, 10);
        assertArrayEquals(new double[] {100}, p.x(), 0);
    }

    @Test
    void nearestPicksTheCloserNeighbour() {
        double[] x = {10, 20, 30};
        assertEquals(0, Downsampling.nearest(x, 3, -5));
        assertEquals(0, Downsampling.nearest(x, 3, 14));
        assertEquals(1, Downsampling.nearest(x, 3, 16));
        assertEquals(2, Downsampling.nearest(x, 3, 99));
        assertEquals(-1, Downsampling.nearest(x, 0, 1));
    }
}
