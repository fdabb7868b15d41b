package org.preflab.app.gui.acquisition;

import java.util.Arrays;
import java.util.Locale;

/**
 * One score of one round in equal-width bins, split into the candidates the acquisition kept and the others, so
 * that the two stack to the distribution of everything scored. Non-finite values are left out of the bins.
 *
 * @param name the score ("entropy", "certainty")
 * @param low the left edge of the first bin
 * @param width the width of a bin
 * @param others per bin, the values not kept
 * @param kept per bin, the values kept
 * @param scored how many values were scored (finite or not)
 * @param keptCount how many of them were kept
 */
public record ScoreHistogram(String name, double low, double width, int[] others, int[] kept, int scored,
        int keptCount) {

    /** Bins {@code s}: about the square root of the count, between 5 and 20 bins. */
    public static ScoreHistogram of(AplHistory.Score s) {
        double[] v = s.values();
        boolean[] isKept = new boolean[v.length];
        for (int k : s.kept()) {
            if (k >= 0 && k < v.length) {
                isKept[k] = true;
            }
        }
        double min = Arrays.stream(v).filter(Double::isFinite).min().orElse(0);
        double max = Arrays.stream(v).filter(Double::isFinite).max().orElse(0);
        int bins = (int) Math.max(5, Math.min(20, Math.round(Math.sqrt(v.length))));
        // equal values still get a bin of their own width, so that the bar shows
        double width = max > min ? (max - min) / bins : Math.max(1e-3, Math.abs(min) * 0.1);
        double low = max > min ? min : min - width * bins / 2.0;
        int[] others = new int[bins];
        int[] keptBins = new int[bins];
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                continue;
            }
            int b = Math.min(bins - 1, Math.max(0, (int) ((v[i] - low) / width)));
            if (isKept[i]) {
                keptBins[b]++;
            } else {
                others[b]++;
            }
        }
        return new ScoreHistogram(s.name(), low, width, others, keptBins, v.length,
                (int) java.util.stream.IntStream.range(0, v.length).filter(i -> isKept[i]).count());
    }

    public int bins() {
        return others.length;
    }

    /** The centre of bin {@code b}. */
    public double centre(int b) {
        return low + (b + 0.5) * width;
    }

    /** "entropy: 24 scored, 12 kept". */
    public String caption() {
        return String.format(Locale.ROOT, "%s: %d scored, %d kept", name, scored, keptCount);
    }
}
