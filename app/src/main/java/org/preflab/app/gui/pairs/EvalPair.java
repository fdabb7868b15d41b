package org.preflab.app.gui.pairs;

import java.util.Map;

/**
 * One eval pair at one evaluation, as a run wrote it to evals/step-N.jsonl. Rewards are β·log-ratios (TRL's
 * implicit rewards), so {@code margin} = β·h. Files written before the log-ratios and lengths were recorded give the
 * log-ratios from the rewards and β, and lengths of 0 (unknown).
 *
 * @param index            the pair's index in the eval set (the same pair at every evaluation of a run)
 * @param chosenLogRatio   s_c = log πθ(y_c|x) − log πref(y_c|x)
 * @param rejectedLogRatio s_r
 * @param chosenLength     completion tokens of the chosen response, 0 when the file predates lengths
 */
public record EvalPair(int index, double rewardChosen, double rewardRejected, double margin, double loss,
        double chosenLogRatio, double rejectedLogRatio, int chosenLength, int rejectedLength) {

    /** DPO's strict reading of a pair as right: the chosen reward above the rejected one (ties are wrong). */
    public boolean correct() {
        return margin > 0;
    }

    /** h = s_c − s_r, the log-ratio margin the loss curves are drawn against. */
    public double logRatioMargin() {
        return chosenLogRatio - rejectedLogRatio;
    }

    /** Whether the lengths are known (needed for the length-averaged margin of ipo and sigmoid_norm). */
    public boolean hasLengths() {
        return chosenLength > 0 && rejectedLength > 0;
    }

    /** h̄ = s_c/L_c − s_r/L_r; h when the lengths are unknown. */
    public double normalisedMargin() {
        return hasLengths() ? chosenLogRatio / chosenLength - rejectedLogRatio / rejectedLength : logRatioMargin();
    }

    /**
     * Reads one row; {@code where} ("evals/step-000005.jsonl line 3") prefixes the message of a missing or
     * non-numeric field.
     */
    public static EvalPair of(Map<String, Object> row, double beta, String where) {
        double rc = number(row, "reward_chosen", where);
        double rr = number(row, "reward_rejected", where);
        double margin = row.containsKey("margin") ? number(row, "margin", where) : rc - rr;
        double sc = row.containsKey("chosen_logratio") ? number(row, "chosen_logratio", where) : rc / beta;
        double sr = row.containsKey("rejected_logratio") ? number(row, "rejected_logratio", where) : rr / beta;
        int lc = row.containsKey("chosen_length") ? (int) number(row, "chosen_length", where) : 0;
        int lr = row.containsKey("rejected_length") ? (int) number(row, "rejected_length", where) : 0;
        double loss = row.containsKey("loss") ? number(row, "loss", where) : Double.NaN;
        return new EvalPair((int) number(row, "index", where), rc, rr, margin, loss, sc, sr, lc, lr);
    }

    private static double number(Map<String, Object> row, String field, String where) {
        Object v = row.get(field);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(where + ": field '" + field + "' is "
                + (v == null ? "missing" : "not a number (" + v + ")"));
    }
}
