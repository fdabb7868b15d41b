package org.preflab.app.gui.dataset;

/**
 * One row of the dataset table: a good pair, or a bad record (its raw text in {@code prompt}, what is wrong in
 * {@code problem}). Plain strings, nothing computed per row while scrolling.
 *
 * @param line    the record's 1-based line in the file
 * @param problem null for a good pair
 */
public record PairRow(int line, String prompt, String chosen, String rejected, String problem) {
    public boolean bad() {
        return problem != null;
    }

    /** Whether {@code lowerQuery} (lower case) occurs in any text of the row, ignoring case. */
    boolean contains(String lowerQuery) {
        return containsIgnoreCase(prompt, lowerQuery) || containsIgnoreCase(chosen, lowerQuery)
                || containsIgnoreCase(rejected, lowerQuery) || (problem != null && containsIgnoreCase(problem, lowerQuery));
    }

    /** Without lower-casing a copy of each text: filtering 100,000 rows then allocates nothing per row. */
    static boolean containsIgnoreCase(String text, String lowerQuery) {
        int n = lowerQuery.length();
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            if (text.regionMatches(true, i, lowerQuery, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
