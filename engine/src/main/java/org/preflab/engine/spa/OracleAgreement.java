package org.preflab.engine.spa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * How often an oracle agrees with SPA's self-labels: each pair is shown to the oracle with a seeded random A/B swap
 * (recorded), and a decisive answer agrees when it picks the self-chosen response. Ties, skips and failed answers
 * count as undecided. Only a diagnostic: the labels SPA trains on stay its own.
 */
public final class OracleAgreement {
    private OracleAgreement() {}

    /** The oracle's answer on one pair; {@code agrees} is null when the answer was not decisive. */
    public record Answer(String id, boolean swapped, String verdict, Boolean agrees, String note) {
        public Map<String, Object> toRow() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("swapped", swapped);
            r.put("verdict", verdict);
            r.put("agrees", agrees);
            r.put("note", note);
            return r;
        }
    }

    /** All answers and the counts behind the agreement. */
    public record Result(List<Answer> answers, int agreed, int decisive) {
        /** Agreed / decisive, or NaN when no answer was decisive (the oracle cannot judge text, say). */
        public double agreement() {
            return decisive == 0 ? Double.NaN : (double) agreed / decisive;
        }

        public int swapped() {
            return (int) answers.stream().filter(Answer::swapped).count();
        }
    }

    /**
     * Asks {@code oracle} about every pair and waits for all answers.
     *
     * @param idPrefix makes the question ids stable within the run ("spa-1-" gives "spa-1-0", "spa-1-1", ...), so a
     *     person's answers are matched to them again after a restart
     * @param swap whether to show pairs in a random order (oracle.swap RANDOM) or chosen first (NONE)
     */
    public static Result check(PreferenceOracle oracle, List<SelfLabeler.Pair> pairs, String idPrefix, long seed,
            boolean swap) {
        Random rng = new Random(seed);
        List<CompletableFuture<Judgement>> asked = new ArrayList<>(pairs.size());
        boolean[] swapped = new boolean[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            SelfLabeler.Pair p = pairs.get(i);
            swapped[i] = swap && rng.nextBoolean();
            String a = swapped[i] ? p.rejectedText() : p.chosenText();
            String b = swapped[i] ? p.chosenText() : p.rejectedText();
            asked.add(oracle.judge(new Comparison(idPrefix + i, p.promptText(), a, b)));
        }
        List<Answer> answers = new ArrayList<>(pairs.size());
        int agreed = 0;
        int decisive = 0;
        for (int i = 0; i < pairs.size(); i++) {
            String id = idPrefix + i;
            Judgement j;
            try {
                j = asked.get(i).join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                answers.add(new Answer(id, swapped[i], "ERROR", null, String.valueOf(cause.getMessage())));
                continue;
            }
            Boolean agrees = null;
            if (j.decisive()) {
                decisive++;
                agrees = (j.verdict() == Judgement.Verdict.A) != swapped[i];
                agreed += agrees ? 1 : 0;
            }
            answers.add(new Answer(id, swapped[i], j.verdict().name(), agrees, j.note()));
        }
        return new Result(answers, agreed, decisive);
    }
}
