package org.preflab.engine.oracle;

import java.time.Instant;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.Judgement.Verdict;

/**
 * A person's answer as kept in {@code <run>/human/answers.jsonl}: the verdict with who gave it and when, plus the
 * question's texts, so that the file alone says what was preferred to what.
 *
 * @param id the question's id ({@link org.preflab.engine.spi.Comparison#id()})
 * @param verdict A, B, TIE or SKIP
 * @param time when the answer was written
 * @param who who answered ("terminal:alice", "workbench")
 * @param prompt the question's prompt
 * @param a completion A as shown
 * @param b completion B as shown
 */
public record HumanAnswer(String id, Verdict verdict, Instant time, String who, String prompt, String a, String b) {
    /** The answer as an oracle's judgement (no scores; the note says who answered). */
    public Judgement judgement() {
        return Judgement.of(verdict, "answered by " + who);
    }
}
