package org.preflab.app.gui.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TensorBoard's debiased EMA, checked against values worked by hand. */
class SmoothingTest {
    @Test
    void debiasedEmaMatchesHandComputedValues() {
        double[] y = {1, 2, 3};
        double[] s = Smoothing.ema(y, 3, 0.5);
        // last: 0.5, 1.25, 2.125; debias: 0.5, 0.75, 0.875
        assertArrayEquals(new double[] {1.0, 1.25 / 0.75, 2.125 / 0.875}, s, 1e-12);
    }

    @Test
    void firstPointIsNotPulledTowardZero() {
        double[] s = Smoothing.ema(new double[] {10, 10.5}, 2, 0.99);
        assertEquals(10.0, s[0], 1e-9);
        assertTrue(s[1] > 10 && s[1] < 10.5);
    }

    @Test
    void weightZeroIsTheRawSeries() {
        double[] y = {3, -1, 4, 1, 5};
        assertArrayEquals(y, Smoothing.ema(y, 5, 0), 0);
    }

    @Test
    void constantSeriesStaysExact() {
        double[] y = {0.7, 0.7, 0.7, 0.7};
        assertArrayEquals(y, Smoothing.ema(y, 4, 0.9), 0);
    }

    @Test
    void nonFiniteValuesPassThroughWithoutPoisoningTheRest() {
        double[] s = Smoothing.ema(new double[] {1, Double.NaN, 1}, 3, 0.5);
        assertTrue(Double.isNaN(s[1]));
        assertEquals(1.0, s[2], 1e-12);
    }

    @Test
    void runningStateEqualsWholeSeriesRecompute() {
        double[] y = new double[500];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(i * 0.1) + i * 0.01;
        }
        Smoothing.Running r = new Smoothing.Running(0.95);
        double[] whole = Smoothing.ema(y, y.length, 0.95);
        for (int i = 0; i < y.length; i++) {
            assertEquals(whole[i], r.next(y[i]), 1e-12);
        }
    }

    @Test
    void weightOutsideTheSliderRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Smoothing.Running(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Smoothing.Running(-0.1));
    }
}
