package org.preflab.engine.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

/**
 * {@link Completions#logps} scores consecutive samples of one prompt as a group with the prompt fed once: each
 * completion's log-prob must be what scoring it alone gives, whatever the grouping and the batch size cut.
 */
class CompletionsTest {
    /** A group's longest row here: prompt C and two of its samples fit (4 + 2 x 9), a third does not. */
    private static final int MAX_ROW = 24;

    @Test
    void groupedScoringGivesEachSequenceItsOwnLogProb() throws Exception {
        for (String name : new String[] {"tiny-gpt2", "tiny-llama"}) {
            try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model(name, root)) {
                List<ScoredSequence> seqs = samples(lm.config().vocabSize());
                for (int batchSize : new int[] {1, 2, 3, 16}) {
                    double[] grouped = Completions.logps(lm, root, seqs, 3, batchSize, MAX_ROW);
                    for (int i = 0; i < seqs.size(); i++) {
                        double alone = SequenceScorer.scoreToArrays(lm, root, List.of(seqs.get(i)), 3)[0][0];
                        assertEquals(alone, grouped[i], 1e-4, name + " batch " + batchSize + " sequence " + i);
                    }
                }
            }
        }
    }

    /**
     * Three samples of prompt A (one of them empty, one a single token), two of B, then A again (not adjacent to its
     * first group: a group of its own), a one-token prompt, and three samples of C too long for one row of MAX_ROW.
     */
    private static List<ScoredSequence> samples(int vocab) {
        SplittableRandom r = new SplittableRandom(11);
        long[] a = ids(r, 6, vocab);
        long[] b = ids(r, 3, vocab);
        List<ScoredSequence> out = new ArrayList<>();
        out.add(new ScoredSequence(a, ids(r, 7, vocab)));
        out.add(new ScoredSequence(a, new long[0]));
        out.add(new ScoredSequence(a.clone(), ids(r, 1, vocab))); // equal ids, another array
        out.add(new ScoredSequence(b, ids(r, 9, vocab)));
        out.add(new ScoredSequence(b, ids(r, 4, vocab)));
        out.add(new ScoredSequence(a, ids(r, 5, vocab)));
        out.add(new ScoredSequence(ids(r, 1, vocab), ids(r, 8, vocab)));
        long[] c = ids(r, 4, vocab); // three samples of C: more than a row of MAX_ROW holds, so the group splits
        for (int i = 0; i < 3; i++) {
            out.add(new ScoredSequence(c, ids(r, 10, vocab)));
        }
        return out;
    }

    private static long[] ids(SplittableRandom r, int n, int vocab) {
        return r.ints(n, 0, vocab).asLongStream().toArray();
    }
}
