package org.preflab.engine.winrate;

/**
 * The Wilson score interval of a proportion: unlike the normal approximation it stays inside [0, 1] and is sensible
 * for small n and for rates near 0 or 1, which is where a few hundred judged prompts leave a win rate.
 */
public final class WilsonInterval {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private WilsonInterval() {}

    /**
     * {low, high} for {@code successes} out of {@code n} (a tie may count half, so successes need not be whole);
     * {0, 1} when n is 0.
     */
    public static double[] of(double successes, int n, double z) {
        if (n <= 0) {
            return new double[] {0, 1};
        }
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
