package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.model.TransformerLM;

/**
 * Preference pairs laid out one row per pair with the prompt fed once: {@code [prompt | chosen | rejected]}, the
 * rejected tokens placed at the positions the chosen ones have and kept from seeing them by the attention bias. With
 * a causal model a prompt token's hidden state does not depend on what follows it, so chosen and rejected share the
 * prompt's keys and values, and the prompt's backward sums the gradients both completions send it: the same function
 * and gradients as scoring [prompt, chosen] and [prompt, rejected] apart (TRL's layout), on P + C + R - 2 tokens a pair
 * instead of 2P + C + R - 2. A completion's last token predicts nothing and is not fed.
 *
 * <p>For a row with prompt length P and completion lengths C, R (C' = C - 1, R' = R - 1, padded to L; ids, positions
 * and bias are what the model is fed, {@link Fed}):
 *
 * <pre>
 *   ids        (B, L)     p_0 .. p_{P-1}, c_0 .. c_{C-2}, r_0 .. r_{R-2}, pad ..
 *   positions  (B, L)     0 .. P-1,       P .. P+C-2,     P .. P+R-2,     0 ..
 *   bias       (B, 1, L, L)  a prompt token sees the prompt up to itself; a chosen token the prompt and chosen up to
 *                         itself; a rejected token the prompt and rejected up to itself; a pad the prompt
 *   rows       (2B, K)    for each chosen then each rejected completion, the flat index (b * L + i) of the token
 *                         that predicts each of its tokens: p_{P-1} for the first, then its own tokens
 *   labels     (2B, K)    the completion tokens; mask 1 on them, 0 on padding
 * </pre>
 *
 * Example: prompt [5, 6], chosen [7, 8], rejected [9]: ids [5, 6, 7], positions [0, 1, 2]; chosen predicted from
 * rows [1, 2] (labels 7, 8), rejected from row [1] (label 9).
 *
 * <p>A pair is a group of two completions of one prompt; {@link #ofGroups} lays out any number the same way (k samples
 * of a prompt scored by the label-efficient loops, {@link Completions#logps}).
 */
public record PairBatch(Fed fed, NDArray rows, NDArray labels, NDArray mask, NDArray completionLengths) {

    /** What the model is fed: ids (B, L), positions (B, L) and the additive attention bias (B, 1, L, L). */
    public record Fed(NDArray ids, NDArray positions, NDArray bias) {
        /** The final-normed hidden states (B, L, D) of every fed token. */
        public NDArray hidden(TransformerLM lm) {
            return lm.hidden(ids, positions, bias, null);
        }
    }

    /** One pair's token ids; the prompt has at least one token (BOS will do), as {@link ScoredSequence} asks. */
    public record Pair(long[] prompt, long[] chosen, long[] rejected) {
        public Pair {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("a scored pair needs at least one prompt token (BOS will do)");
            }
        }
    }

    /**
     * Any number of completions of one prompt, laid out as a pair's two are: {@code [prompt | c_1 | c_2 | ...]}, each
     * completion at the positions after the prompt and seeing only the prompt and itself. A pair is the group
     * (prompt, [chosen, rejected]).
     */
    public record Group(long[] prompt, List<long[]> completions) {
        public Group {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("a scored group needs at least one prompt token (BOS will do)");
            }
            completions = List.copyOf(completions);
        }

        static Group of(Pair p) {
            return new Group(p.prompt(), List.of(p.chosen(), p.rejected()));
        }
    }

    /** Builds the batch in {@code m}; {@code pad} may be any valid id (it is never attended to nor counted). */
    public static PairBatch of(NDManager m, List<Pair> pairs, long pad) {
        int b = pairs.size();
        int[][] order = new int[b][]; // chosen of pair r is sequence r, its rejected b + r
        for (int r = 0; r < b; r++) {
            order[r] = new int[] {r, b + r};
        }
        return build(m, pairs.stream().map(Group::of).toList(), order, 2 * b, pad);
    }

    /**
     * Groups of completions sharing their prompt, one row a group: results for every completion in group order
     * (group 0's completions, then group 1's, ...). Scoring k samples of a prompt feeds the prompt once instead of k
     * times.
     */
    public static PairBatch ofGroups(NDManager m, List<Group> groups, long pad) {
        int[][] order = new int[groups.size()][];
        int n = 0;
        for (int r = 0; r < groups.size(); r++) {
            order[r] = new int[groups.get(r).completions().size()];
            for (int j = 0; j < order[r].length; j++) {
                order[r][j] = n++;
            }
        }
        return build(m, groups, order, n, pad);
    }

    /** The batch of {@code groups}, completion j of group r scored as sequence {@code order[r][j]} of n. */
    private static PairBatch build(NDManager m, List<Group> groups, int[][] order, int n, long pad) {
        Rows fed = new Rows(groups, true, pad);
        int k = 1;
        for (Group g : groups) {
            for (long[] c : g.completions()) {
                k = Math.max(k, c.length);
            }
        }
        long[] rows = new long[n * k];
        long[] labels = new long[n * k];
        float[] mask = new float[n * k];
        float[] lengths = new float[n];
        Arrays.fill(labels, pad);
        for (int r = 0; r < groups.size(); r++) {
            Group g = groups.get(r);
            for (int j = 0; j < g.completions().size(); j++) {
                place(order[r][j], r * fed.width, g.prompt().length - 1, fed.starts[r][j], g.completions().get(j), k,
                        rows, labels, mask, lengths);
            }
        }
        return new PairBatch(fed.create(m), m.create(rows, new Shape(n, k)), m.create(labels, new Shape(n, k)),
                m.create(mask, new Shape(n, k)), m.create(lengths, new Shape(n)));
    }

    /**
     * Pairs laid out the same way with every token fed, each completion's last included, for a reward model, which
     * reads the state at a sequence's last token.
     *
     * @param last (2B) the flat index (b * L + i) of each chosen, then each rejected sequence's last token (the
     *     prompt's last for an empty completion)
     */
    public record Whole(Fed fed, NDArray last) {
        public static Whole of(NDManager m, List<Pair> pairs, long pad) {
            Rows fed = new Rows(pairs.stream().map(Group::of).toList(), false, pad);
            int b = pairs.size();
            long[] last = new long[2 * b];
            for (int r = 0; r < b; r++) {
                int row = r * fed.width;
                Pair p = pairs.get(r);
                last[r] = row + (p.chosen().length == 0 ? p.prompt().length - 1
                        : fed.starts[r][0] + p.chosen().length - 1);
                last[b + r] = row + (p.rejected().length == 0 ? p.prompt().length - 1
                        : fed.starts[r][1] + p.rejected().length - 1);
            }
            return new Whole(fed.create(m), m.create(last, new Shape(2 * b)));
        }
    }

    /**
     * The fed tokens of a batch, one row per group padded to {@code width}: ids, positions and the attention bias, with
     * each completion fed whole or without its last token; {@code starts[r][j]} is where completion j of row r begins.
     */
    private static final class Rows {
        final int b;
        final int width;
        final long[] ids;
        final long[] positions;
        final float[] bias;
        final int[][] starts;

        Rows(List<Group> groups, boolean dropLast, long pad) {
            b = groups.size();
            starts = new int[b][];
            int l = 1;
            for (int r = 0; r < b; r++) {
                Group g = groups.get(r);
                starts[r] = new int[g.completions().size()];
                int at = g.prompt().length;
                for (int j = 0; j < starts[r].length; j++) {
                    starts[r][j] = at;
                    at += fed(g.completions().get(j), dropLast);
                }
                l = Math.max(l, at);
            }
            width = l;
            ids = new long[b * l];
            positions = new long[b * l];
            bias = new float[b * l * l];
            Arrays.fill(ids, pad);
            Arrays.fill(bias, TransformerLM.MASKED);
            for (int r = 0; r < b; r++) {
                Group g = groups.get(r);
                int prompt = g.prompt().length;
                int row = r * l;
                for (int i = 0; i < prompt; i++) {
                    ids[row + i] = g.prompt()[i];
                    positions[row + i] = i;
                }
                for (int q = 0; q < prompt; q++) { // the prompt, causally; pads see the prompt
                    Arrays.fill(bias, (row + q) * l, (row + q) * l + q + 1, 0f);
                }
                int end = prompt;
                for (int j = 0; j < starts[r].length; j++) {
                    long[] c = g.completions().get(j);
                    int start = starts[r][j];
                    end = start + fed(c, dropLast);
                    for (int i = start; i < end; i++) {
                        ids[row + i] = c[i - start];
                        positions[row + i] = prompt + i - start;
                        int base = (row + i) * l;
                        Arrays.fill(bias, base, base + prompt, 0f); // the whole prompt
                        Arrays.fill(bias, base + start, base + i + 1, 0f); // its own completion up to itself
                    }
                }
                for (int q = end; q < l; q++) {
                    Arrays.fill(bias, (row + q) * l, (row + q) * l + prompt, 0f);
                }
            }
        }

        private static int fed(long[] completion, boolean dropLast) {
            return dropLast ? Math.max(completion.length - 1, 0) : completion.length;
        }

        Fed create(NDManager m) {
            return new Fed(m.create(ids, new Shape(b, width)), m.create(positions, new Shape(b, width)),
                    m.create(bias, new Shape(b, 1, width, width)));
        }
    }

    /** Sequence {@code seq}'s labels: token 0 predicted from the prompt's last token, token j from its token j - 1. */
    private static void place(int seq, int row, int lastPrompt, int start, long[] completion, int k, long[] rows,
            long[] labels, float[] mask, float[] lengths) {
        for (int j = 0; j < completion.length; j++) {
            rows[seq * k + j] = row + (j == 0 ? lastPrompt : start + j - 1);
            labels[seq * k + j] = completion[j];
            mask[seq * k + j] = 1f;
        }
        lengths[seq] = completion.length;
    }

    /** The states (B, L, D) of a batch's rows at flat indices b * L + i, shaped as {@code index} plus D. */
    public static NDArray at(NDArray hidden, NDArray index) {
        Shape s = hidden.getShape();
        NDArray flat = hidden.reshape(s.get(0) * s.get(1), s.get(2));
        return Embedding.embedding(index, flat, SparseFormat.DENSE).head(); // a row gather; backward scatters back
    }
}
