package org.preflab.engine.data;

import java.util.List;

/**
 * What tokenization did to a set of records; nothing is cut or left out without being counted here.
 *
 * @param pairs              records tokenized
 * @param kept               pairs in the output
 * @param truncated          kept pairs of which some tokens were cut (prompt, completion or both)
 * @param dropped            pairs left out: the prompt alone reached max_length, or a completion had no tokens
 * @param droppedLines       the lines of the dropped pairs
 * @param prefixMismatches   kept pairs where tok(prompt + completion) did not start with tok(prompt), so the
 *                           split between prompt and completion ids is approximate (TRL logs a warning for these);
 *                           dropped pairs are not looked at, since their tokens are only read up to max_length
 */
public record TokenizeSummary(int pairs, int kept, int truncated, int dropped, List<Integer> droppedLines,
        int prefixMismatches) {
    public TokenizeSummary {
        droppedLines = List.copyOf(droppedLines);
    }

    /** One line for logs and events, e.g. "64 pairs: 60 kept (3 truncated), 4 dropped". */
    public String describe() {
        String s = pairs + " pairs: " + kept + " kept (" + truncated + " truncated), " + dropped + " dropped";
        return prefixMismatches == 0 ? s : s + "; " + prefixMismatches
                + " with a prompt that tokenizes differently on its own than before its completion";
    }
}
