package org.preflab.engine.apl;

import java.time.Instant;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.spi.Candidate;
import org.preflab.engine.spi.Judgement;

/**
 * The oracle's answer for one acquired candidate, as kept in labels.jsonl: the question as shown (after the random
 * swap), the answer, and what it makes of the pair.
 *
 * @param candidate the pair as acquired (first and second in the order they were made)
 * @param round the round that acquired it
 * @param swapped true when the oracle saw second as A and first as B
 * @param judgement the answer to the question as shown
 * @param time when the answer was recorded
 */
public record Label(Candidate candidate, int round, boolean swapped, Judgement judgement, Instant time) {

    /** Whether the answer makes a training pair (A or B; a tie or a skip does not). */
    public boolean decisive() {
        return judgement.decisive();
    }

    /** True when the first completion (as made) is the preferred one. */
    public boolean firstPreferred() {
        boolean a = judgement.verdict() == Judgement.Verdict.A;
        return swapped != a;
    }

    /** The training pair, chosen and rejected by the answer; {@code index} keys its reference log-probs. */
    public PairExample toPair(int index) {
        if (!decisive()) {
            throw new IllegalStateException(candidate.id() + " has no decisive answer");
        }
        Candidate c = candidate;
        boolean first = firstPreferred();
        return new PairExample(index, c.promptTokens(), first ? c.first() : c.second(), first ? c.second() : c.first(),
                first ? c.firstText() : c.secondText(), first ? c.secondText() : c.firstText());
    }
}
