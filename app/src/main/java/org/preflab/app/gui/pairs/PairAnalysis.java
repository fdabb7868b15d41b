package org.preflab.app.gui.pairs;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The drill-down's questions about a set of eval pairs: sorted by margin, flipped between two steps, hardest. */
public final class PairAnalysis {
    private PairAnalysis() {}

    /** Ascending margin (the pairs the model likes least first); ties by index, so the order is stable. */
    public static List<EvalPair> byMargin(List<EvalPair> pairs) {
        return pairs.stream().sorted(Comparator.comparingDouble(EvalPair::margin).thenComparingInt(EvalPair::index))
                .toList();
    }

    /**
     * Pairs of {@code to} whose preference (DPO's strict reading, margin > 0) differs from the same pair's in
     * {@code from}, by ascending margin in {@code to}. Pairs absent from {@code from} are not counted as flipped.
     */
    public static List<EvalPair> flipped(List<EvalPair> from, List<EvalPair> to) {
        Map<Integer, EvalPair> before = byIndex(from);
        return byMargin(to.stream().filter(p -> {
            EvalPair b = before.get(p.index());
            return b != null && b.correct() != p.correct();
        }).toList());
    }

    /** The {@code n} lowest-margin pairs, lowest first. */
    public static List<EvalPair> hardest(List<EvalPair> pairs, int n) {
        List<EvalPair> sorted = byMargin(pairs);
        return sorted.subList(0, Math.min(Math.max(0, n), sorted.size()));
    }

    /** Pairs keyed by index. */
    public static Map<Integer, EvalPair> byIndex(List<EvalPair> pairs) {
        Map<Integer, EvalPair> m = new HashMap<>();
        pairs.forEach(p -> m.put(p.index(), p));
        return m;
    }
}
