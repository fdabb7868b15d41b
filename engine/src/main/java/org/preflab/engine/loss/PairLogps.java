package org.preflab.engine.loss;

import java.util.List;

/**
 * Per-pair summed completion log-probs and token counts as plain numbers: the input of {@code preflab loss} and of
 * {@link LossEvaluator}. Errors name the JSON fields ({@link #FIELDS}), since that is what a user wrote. The
 * arrays are copied in; the accessors hand out the record's own copies, which callers must not modify.
 *
 * @param policyChosen      logπθ(y_c|x) per pair
 * @param policyRejected    logπθ(y_r|x)
 * @param referenceChosen   logπref(y_c|x)
 * @param referenceRejected logπref(y_r|x)
 * @param chosenLengths     completion token counts of y_c (whole numbers >= 0; 0 is clamped to 1 by the loss)
 * @param rejectedLengths   completion token counts of y_r
 */
public record PairLogps(double[] policyChosen, double[] policyRejected, double[] referenceChosen,
        double[] referenceRejected, double[] chosenLengths, double[] rejectedLengths) {

    /** The JSON field names, in component order. */
    public static final List<String> FIELDS = List.of("policy_chosen", "policy_rejected", "reference_chosen",
            "reference_rejected", "chosen_lengths", "rejected_lengths");

    public PairLogps {
        double[][] all = {policyChosen, policyRejected, referenceChosen, referenceRejected, chosenLengths,
                rejectedLengths};
        for (int f = 0; f < all.length; f++) {
            if (all[f] == null) {
                throw new IllegalArgumentException("missing field '" + FIELDS.get(f) + "'");
            }
        }
        if (policyChosen.length == 0) {
            throw new IllegalArgumentException("field 'policy_chosen' is empty: there are no pairs");
        }
        for (int f = 0; f < all.length; f++) {
            if (all[f].length != policyChosen.length) {
                throw new IllegalArgumentException(String.format("field '%s' has %d values but 'policy_chosen' has %d",
                        FIELDS.get(f), all[f].length, policyChosen.length));
            }
            for (int i = 0; i < all[f].length; i++) {
                double v = all[f][i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(bad(f, i, v, "not a finite number"));
                }
                if (Math.abs(v) > Float.MAX_VALUE) {
                    throw new IllegalArgumentException(bad(f, i, v, "too large for fp32, in which losses run"));
                }
                if (f >= 4 && (v < 0 || v != Math.rint(v))) {
                    throw new IllegalArgumentException(bad(f, i, v, "a token count must be a whole number >= 0"));
                }
            }
        }
        policyChosen = policyChosen.clone();
        policyRejected = policyRejected.clone();
        referenceChosen = referenceChosen.clone();
        referenceRejected = referenceRejected.clone();
        chosenLengths = chosenLengths.clone();
        rejectedLengths = rejectedLengths.clone();
    }

    /** B, the number of pairs. */
    public int size() {
        return policyChosen.length;
    }

    private static String bad(int field, int index, double v, String why) {
        return "field '" + FIELDS.get(field) + "'[" + index + "] is " + v + ": " + why;
    }
}
