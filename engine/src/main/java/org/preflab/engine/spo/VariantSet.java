package org.preflab.engine.spo;

import java.util.Arrays;

/**
 * The tokenised variants of one response, as {@link SpoDegreeLoss} takes them: the prompt's ids and, per variant,
 * its degree label and completion ids (tokenised as the alignment loss tokenises completions, EOS included if it
 * appends one).
 *
 * @param prompt prompt ids, at least one
 * @param degrees the variants' degree labels, strictly increasing from 0 (as {@link DegreeVariants} returns them)
 * @param completions completion ids per variant, in the order of {@code degrees}
 * @param referenceLogps logπref(y^(d)|x) per variant (summed over completion tokens, as §0 defines it); needed by
 *     LOGPROB_RANK, null for HIDDEN_HEAD, which needs no reference
 */
public record VariantSet(long[] prompt, int[] degrees, long[][] completions, double[] referenceLogps) {
    public VariantSet {
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("a variant set needs at least one prompt token (BOS will do)");
        }
        if (degrees == null || completions == null || degrees.length != completions.length) {
            throw new IllegalArgumentException("a variant set needs one degree per completion, got "
                    + (degrees == null ? "no" : degrees.length) + " degrees for "
                    + (completions == null ? "no" : completions.length) + " completions");
        }
        for (int i = 0; i < degrees.length; i++) {
            if (degrees[i] < 0 || (i > 0 && degrees[i] <= degrees[i - 1])) {
                throw new IllegalArgumentException("degrees must be >= 0 and strictly increasing, got "
                        + Arrays.toString(degrees));
            }
        }
        if (referenceLogps != null && referenceLogps.length != degrees.length) {
            throw new IllegalArgumentException("got " + referenceLogps.length + " reference log-probs for "
                    + degrees.length + " variants");
        }
    }

    /** A set for HIDDEN_HEAD (no reference log-probs). */
    public static VariantSet of(long[] prompt, int[] degrees, long[][] completions) {
        return new VariantSet(prompt, degrees, completions, null);
    }

    public int size() {
        return degrees.length;
    }
}
