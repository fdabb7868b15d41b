package org.preflab.engine.golden;

/**
 * How a model compares with a golden file. A NaN difference means the file had nothing of that kind to compare.
 *
 * @param maxLogitDiff max |logit - golden| over every case with logits (batched cases included)
 * @param maxTokenLogprobDiff max |token log-prob - golden|
 * @param maxSequenceLogprobDiff max |sequence log-prob - golden|
 * @param greedyMatch whether the greedy continuation equals the golden ids (null when the file has none)
 * @param tokenizerMatch whether every tokenizer case and decoded text matched (null when not checked)
 * @param tolerances the file's tolerances
 */
public record GoldenReport(
        double maxLogitDiff,
        double maxTokenLogprobDiff,
        double maxSequenceLogprobDiff,
        Boolean greedyMatch,
        Boolean tokenizerMatch,
        Tolerances tolerances) {

    /** The file's {@code tolerances} object. */
    public record Tolerances(double logits, double tokenLogprob, double sequenceLogprob) {}

    public boolean passed() {
        return within(maxLogitDiff, tolerances.logits())
                && within(maxTokenLogprobDiff, tolerances.tokenLogprob())
                && within(maxSequenceLogprobDiff, tolerances.sequenceLogprob())
                && !Boolean.FALSE.equals(greedyMatch)
                && !Boolean.FALSE.equals(tokenizerMatch);
    }

    private static boolean within(double diff, double tol) {
        return Double.isNaN(diff) || diff <= tol;
    }

    /** The human-readable summary printed by {@code preflab check-golden}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "max |logit diff|           %s (tolerance %g)%n"
                        + "max |token logprob diff|   %s (tolerance %g)%n"
                        + "max |sequence logprob diff| %s (tolerance %g)%n"
                        + "greedy tokens match        %s%n"
                        + "tokenizer cases match      %s%n"
                        + "result                     %s",
                fmt(maxLogitDiff), tolerances.logits(), fmt(maxTokenLogprobDiff), tolerances.tokenLogprob(),
                fmt(maxSequenceLogprobDiff), tolerances.sequenceLogprob(), yesNo(greedyMatch), yesNo(tokenizerMatch),
                passed() ? "PASS" : "FAIL");
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3e", d);
    }

    private static String yesNo(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "NO";
    }
}
