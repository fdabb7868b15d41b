package org.preflab.engine.oracle;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.Judgement.Verdict;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * Answers with the pool's hidden labels: the record of the prompt whose chosen and rejected texts are A and B, in
 * either order. It cannot judge texts the data does not hold (the policy's own samples): those are skipped with a
 * note, so the loop asks another question.
 */
final class DatasetOracle implements PreferenceOracle {
    private final Map<String, List<String[]>> labels;

    DatasetOracle(Map<String, List<String[]>> labels) {
        this.labels = labels == null ? Map.of() : labels;
    }

    @Override
    public CompletableFuture<Judgement> judge(Comparison c) {
        List<String[]> records = labels.getOrDefault(c.prompt(), List.of());
        if (records.isEmpty()) {
            return answer(Judgement.of(Verdict.SKIP, "the data has no labelled pair for this prompt"));
        }
        boolean aChosen = false;
        boolean bChosen = false;
        for (String[] r : records) {
            aChosen |= r[0].equals(c.a()) && r[1].equals(c.b());
            bChosen |= r[0].equals(c.b()) && r[1].equals(c.a());
        }
        if (aChosen && bChosen) {
            return answer(Judgement.of(Verdict.SKIP, "the data has this pair in both orders"));
        }
        if (aChosen || bChosen) {
            return answer(Judgement.of(aChosen ? Verdict.A : Verdict.B, "the data's label"));
        }
        return answer(Judgement.of(Verdict.SKIP, "this pair is not in the data (" + records.size()
                + " labelled pair" + (records.size() == 1 ? "" : "s") + " for the prompt)"));
    }

    private static CompletableFuture<Judgement> answer(Judgement j) {
        return CompletableFuture.completedFuture(j);
    }

    @Override
    public String describe() {
        return "the data's labels";
    }
}
