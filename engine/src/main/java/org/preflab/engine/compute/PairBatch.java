package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
 * <p>For a row with prompt length P and completion lengths C, R (C' = C - 1, R' = R - 1, padded to L):
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
public record PairBatch(NDArray ids, NDArray positions, NDArray bias, NDArray rows, NDArray labels, NDArray mask,
        NDArray completionLengths) {

    /** One pair's token ids; the prompt has at least one token (BOS will do), as {@link ScoredSequence} asks. */
    public record Pair(long[] prompt, long[] chosen, long[] rejected) {
        public Pair {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("a scored pair needs at least one prompt token (BOS will do)");
            }
        }

        /** Tokens fed to the model for this pair: P + (C - 1) + (R - 1), an empty completion feeding none. */
        int fed() {
            return prompt.length + Math.max(chosen.length - 1, 0) + Math.max(rejected.length - 1, 0);
        }
    }

    /** Builds the batch in {@code m}; {@code pad} may be any valid id (it is never attended to nor counted). */
    public static PairBatch of(NDManager m, List<Pair> pairs, long pad) {
        int b = pairs.size();
        int l = 1;
        int k = 1;
        for (Pair p : pairs) {
            l = Math.max(l, p.fed());
            k = Math.max(k, Math.max(p.chosen().length, p.rejected().length));
        }
        long[] ids = new long[b * l];
        long[] positions = new long[b * l];
        float[] bias = new float[b * l * l];
        long[] rows = new long[2 * b * k];
        long[] labels = new long[2 * b * k];
        float[] mask = new float[2 * b * k];
        float[] lengths = new float[2 * b];
        Arrays.fill(ids, pad);
        Arrays.fill(bias, TransformerLM.MASKED);
        Arrays.fill(labels, pad);
        for (int r = 0; r < b; r++) {
            Pair p = pairs.get(r);
            int prompt = p.prompt().length;
            int chosenStart = prompt;
            int rejectedStart = prompt + Math.max(p.chosen().length - 1, 0);
            int end = p.fed();
            int row = r * l;
            for (int i = 0; i < prompt; i++) {
                ids[row + i] = p.prompt()[i];
                positions[row + i] = i;
            }
            for (int i = chosenStart; i < rejectedStart; i++) {
                ids[row + i] = p.chosen()[i - chosenStart];
                positions[row + i] = i;
            }
            for (int i = rejectedStart; i < end; i++) {
                ids[row + i] = p.rejected()[i - rejectedStart];
                positions[row + i] = prompt + i - rejectedStart;
            }
            for (int q = 0; q < l; q++) {
                int base = (r * l + q) * l;
                Arrays.fill(bias, base, base + Math.min(q + 1, prompt), 0f); // the prompt, causally
                int segment = q < prompt || q >= end ? -1 : q < rejectedStart ? chosenStart : rejectedStart;
                if (segment >= 0) {
                    Arrays.fill(bias, base + segment, base + q + 1, 0f); // its own completion up to itself
                }
            }
            place(r, row, prompt - 1, chosenStart, p.chosen(), k, rows, labels, mask, lengths);
            place(b + r, row, prompt - 1, rejectedStart, p.rejected(), k, rows, labels, mask, lengths);
        }
        return new PairBatch(m.create(ids, new Shape(b, l)), m.create(positions, new Shape(b, l)),
                m.create(bias, new Shape(b, 1, l, l)), m.create(rows, new Shape(2 * b, k)),
                m.create(labels, new Shape(2 * b, k)), m.create(mask, new Shape(2 * b, k)),
                m.create(lengths, new Shape(2 * b)));
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

    /** Number of pairs. */
    public int size() {
        return (int) ids.getShape().get(0);
    }
}
