package org.preflab.app.gui.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.data.LengthHistogram;

/**
 * Prompt, chosen and rejected lengths of the good pairs in {@code preflab validate}'s doubling buckets (0-15,
 * 16-31, 32-63, ...), ready for a bar chart, with min, median and max.
 *
 * @param unit    "tokens" or "characters"
 * @param buckets bucket labels, shortest first
 * @param counts  [0] prompt, [1] chosen, [2] rejected: pairs per bucket
 * @param median  per column
 * @param max     per column
 */
public record LengthStats(String unit, List<String> buckets, long[][] counts, int[] median, int[] max) {
    public static final String[] COLUMNS = {"prompt", "chosen", "rejected"};

    static LengthStats of(String unit, int[][] lengths) {
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (int[] column : lengths) {
            for (int len : column) {
                first = Math.min(first, LengthHistogram.bucket(len));
                last = Math.max(last, LengthHistogram.bucket(len));
            }
        }
        if (first == Integer.MAX_VALUE) {
            return new LengthStats(unit, List.of(), new long[3][0], new int[3], new int[3]);
        }
        List<String> labels = new ArrayList<>();
        for (int b = first; b <= last; b++) {
            labels.add(LengthHistogram.lower(b) + "-" + (LengthHistogram.lower(b + 1) - 1));
        }
        long[][] counts = new long[3][labels.size()];
        int[] median = new int[3];
        int[] max = new int[3];
        for (int c = 0; c < 3; c++) {
            for (int len : lengths[c]) {
                counts[c][LengthHistogram.bucket(len) - first]++;
            }
            int[] sorted = lengths[c].clone();
            Arrays.sort(sorted);
            median[c] = sorted[(sorted.length - 1) / 2];
            max[c] = sorted[sorted.length - 1];
        }
        return new LengthStats(unit, List.copyOf(labels), counts, median, max);
    }

    /** e.g. "median prompt 21, chosen 9, rejected 8 tokens; longest 24, 12, 11". */
    public String summary() {
        if (buckets.isEmpty()) {
            return "no good pairs";
        }
        return "median prompt " + median[0] + ", chosen " + median[1] + ", rejected " + median[2] + " " + unit
                + "; longest " + max[0] + ", " + max[1] + ", " + max[2];
    }
}
