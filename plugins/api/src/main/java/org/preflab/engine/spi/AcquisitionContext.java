package org.preflab.engine.spi;

import java.util.List;

/**
 * What an {@link AcquisitionFunction} can ask of the current round: draw pool items, score them with the current
 * policy, make candidate pairs. Every score it asks for is recorded with the round (the workbench draws one histogram
 * per score), and {@link #kept} marks which scored items went on, so keep the order of calls: score, then keep.
 */
public interface AcquisitionContext {

    /** Up to {@code count} distinct pool items not labelled before, drawn with the round's seeded random stream. */
    List<Integer> draw(int count);

    /**
     * Predictive entropy of each item's prompt under the current policy: Ĥ(x) = −(1/N)·Σ logπθ(y_n|x) over N
     * completions sampled at the entropy temperature (algorithms.md §3a). Higher is more uncertain.
     */
    double[] entropy(List<Integer> items);

    /** One candidate pair per item: two completions sampled from the policy, or the dataset's pair (offline). */
    List<Candidate> pairs(List<Integer> items);

    /** Preference certainty of each pair, |r̂(a) − r̂(b)| with r̂ = β·(logπθ − logπref). Higher is more confident. */
    double[] certainty(List<Candidate> pairs);

    /** Marks which of the last scored list (by position) were kept, for the round's record. */
    void kept(String score, int[] positions);

    /** G, the over-generate factor of the settings. */
    int overgenerate();

    /** P, the over-sample-prompts factor of the settings. */
    int oversamplePrompts();

    /** The positions of the {@code k} highest scores, best first (ties to the earlier position). */
    static int[] top(double[] scores, int k) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int c = Double.compare(scores[y], scores[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int n = Math.min(k, scores.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
