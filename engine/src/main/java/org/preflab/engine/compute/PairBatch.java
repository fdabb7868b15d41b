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

    /** Builds the batch in {@code m}; {@code pad} may be any valid id (it is never attended to nor counted). */
    public static PairBatch of(NDManager m, List<Pair> pairs, long pad) {
        Rows fed = new Rows(pairs, true, pad);
        int b = pairs.size();
        int k = 1;
        for (Pair p : pairs) {
            k = Math.max(k, Math.max(p.chosen().length, p.rejected().length));
        }
        long[] rows = new long[2 * b * k];
        long[] labels = new long[2 * b * k];
        float[] mask = new float[2 * b * k];
        float[] lengths = new float[2 * b];
        Arrays.fill(labels, pad);
        for (int r = 0; r < b; r++) {
            Pair p = pairs.get(r);
            int row = r * fed.width;
            place(r, row, p.prompt().length - 1, fed.chosenStart[r], p.chosen(), k, rows, labels, mask, lengths);
            place(b + r, row, p.prompt().length - 1, fed.rejectedStart[r], p.rejected(), k, rows, labels, mask,
                    lengths);
        }
        return new PairBatch(fed.create(m), m.create(rows, new Shape(2 * b, k)),
                m.create(labels, new Shape(2 * b, k)), m.create(mask, new Shape(2 * b, k)),
                m.create(lengths, new Shape(2 * b)));
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
            Rows fed = new Rows(pairs, false, pad);
            int b = pairs.size();
            long[] last = new long[2 * b];
            for (int r = 0; r < b; r++) {
                int row = r * fed.width;
                last[r] = row + fed.chosenStart[r] + pairs.get(r).chosen().length - 1; // = prompt's last when empty
                last[b + r] = row + (pairs.get(r).rejected().length == 0 ? pairs.get(r).prompt().length - 1
                        : fed.rejectedStart[r] + pairs.get(r).rejected().length - 1);
            }
            return new Whole(fed.create(m), m.create(last, new Shape(2 * b)));
        }
    }

    /**
     * The fed tokens of a batch, one row per pair padded to {@code width}: ids, positions and the attention bias, with
     * each completion fed whole or without its last token.
     */
    private static final class Rows {
        final int b;
        final int width;
        final long[] ids;
        final long[] positions;
        final float[] bias;
        final int[] chosenStart;
        final int[] rejectedStart;

        Rows(List<Pair> pairs, boolean dropLast, long pad) {
            b = pairs.size();
            int l = 1;
            for (Pair p : pairs) {
                l = Math.max(l, p.prompt().length + fed(p.chosen(), dropLast) + fed(p.rejected(), dropLast));
            }
            width = l;
            ids = new long[b * l];
            positions = new long[b * l];
            bias = new float[b * l * l];
            chosenStart = new int[b];
            rejectedStart = new int[b];
            Arrays.fill(ids, pad);
            Arrays.fill(bias, TransformerLM.MASKED);
            for (int r = 0; r < b; r++) {
                Pair p = pairs.get(r);
                int prompt = p.prompt().length;
                chosenStart[r] = prompt;
                rejectedStart[r] = prompt + fed(p.chosen(), dropLast);
                int end = rejectedStart[r] + fed(p.rejected(), dropLast);
                int row = r * l;
                for (int i = 0; i < end; i++) {
                    boolean rejected = i >= rejectedStart[r];
                    ids[row + i] = i < prompt ? p.prompt()[i]
                            : rejected ? p.rejected()[i - rejectedStart[r]] : p.chosen()[i - prompt];
                    positions[row + i] = rejected ? prompt + i - rejectedStart[r] : i;
                }
                for (int q = 0; q < l; q++) {
                    int base = (r * l + q) * l;
                    Arrays.fill(bias, base, base + Math.min(q + 1, prompt), 0f); // the prompt, causally
                    int segment = q < prompt || q >= end ? -1 : q < rejectedStart[r] ? prompt : rejectedStart[r];
                    if (segment >= 0) {
                        Arrays.fill(bias, base + segment, base + q + 1, 0f); // its own completion up to itself
                    }
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
