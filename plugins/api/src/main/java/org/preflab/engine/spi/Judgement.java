package org.preflab.engine.spi;

/**
 * An oracle's answer to a {@link Comparison}.
 *
 * @param verdict which completion is better, a tie, or no usable answer (a skipped question; the loop asks another)
 * @param scoreA the oracle's score of completion A when it has one (a programmatic reward), else NaN
 * @param scoreB likewise for B
 * @param note a short reason for people (which rules fired, who answered), may be empty
 */
public record Judgement(Verdict verdict, double scoreA, double scoreB, String note) {
    /** The answer itself. */
    public enum Verdict {
        A, B, TIE, SKIP
    }

    public Judgement {
        java.util.Objects.requireNonNull(verdict, "verdict");
        note = note == null ? "" : note;
    }

    /** An answer without scores (a person, the dataset's label). */
    public static Judgement of(Verdict verdict, String note) {
        return new Judgement(verdict, Double.NaN, Double.NaN, note);
    }

    /** The verdict of two scores: the higher wins, a difference of at most {@code tieMargin} is a tie. */
    public static Judgement fromScores(double scoreA, double scoreB, double tieMargin, String note) {
        double d = scoreA - scoreB;
        Verdict v = Math.abs(d) <= tieMargin ? Verdict.TIE : d > 0 ? Verdict.A : Verdict.B;
        return new Judgement(v, scoreA, scoreB, note);
    }

    public boolean hasScores() {
        return !Double.isNaN(scoreA) && !Double.isNaN(scoreB);
    }

    /** True when the answer says A or B (what a DPO pair needs). */
    public boolean decisive() {
        return verdict == Verdict.A || verdict == Verdict.B;
    }
}
