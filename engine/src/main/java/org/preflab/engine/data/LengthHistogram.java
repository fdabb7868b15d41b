package org.preflab.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Length counts of prompts, chosen and rejected in doubling buckets (0-15, 16-31, 32-63, ...), which spread both
 * 20-token prompts and 4000-character answers over a few readable rows, plus min, median and max.
 */
public final class LengthHistogram {
    private static final String[] COLUMNS = {"prompt", "chosen", "rejected"};

    private LengthHistogram() {}

    /** The doubling bucket of a length: 0 for 0-15, 1 for 16-31, 2 for 32-63, ... */
    public static int bucket(int length) {
        return length < 16 ? 0 : 32 - Integer.numberOfLeadingZeros(length / 16);
    }

    /** The smallest length in {@code bucket}. */
    public static long lower(int bucket) {
        return bucket == 0 ? 0 : 16L << (bucket - 1);
    }

    /**
     * The table rows, a header first; rows from the shortest to the longest bucket in use.
     *
     * @param unit    "tokens" or "chars", the header of the first column
     * @param lengths three arrays of one length per pair: prompt, chosen, rejected
     */
    static List<String> rows(String unit, int[][] lengths) {
        List<String> out = new ArrayList<>();
        out.add(row(unit, COLUMNS));
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (int[] column : lengths) {
            for (int len : column) {
                first = Math.min(first, bucket(len));
                last = Math.max(last, bucket(len));
            }
        }
        for (int b = first; b <= last; b++) {
            String[] counts = new String[3];
            for (int c = 0; c < 3; c++) {
                final int bk = b;
                counts[c] = Long.toString(Arrays.stream(lengths[c]).filter(len -> bucket(len) == bk).count());
            }
            out.add(row(lower(b) + "-" + (lower(b + 1) - 1), counts));
        }
        out.add(row("min", stat(lengths, 0.0)));
        out.add(row("median", stat(lengths, 0.5)));
        out.add(row("max", stat(lengths, 1.0)));
        return out;
    }

    /** The value at {@code q} of each sorted column (the lower middle for an even count). */
    private static String[] stat(int[][] lengths, double q) {
        String[] out = new String[3];
        for (int c = 0; c < 3; c++) {
            int[] sorted = lengths[c].clone();
            Arrays.sort(sorted);
            out[c] = Integer.toString(sorted[(int) Math.floor(q * (sorted.length - 1))]);
        }
        return out;
    }

    private static String row(String label, String[] cells) {
        return String.format("  %-12s %8s %8s %8s", label, cells[0], cells[1], cells[2]);
    }
}
