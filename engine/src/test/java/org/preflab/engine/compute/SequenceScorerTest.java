package org.preflab.engine.compute;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

class SequenceScorerTest {
    private static List<ScoredSequence> mixedLengths(int vocab) {
        SplittableRandom r = new SplittableRandom(7);
        List<ScoredSequence> out = new ArrayList<>();
        int[][] shapes = {{1, 9}, {5, 3}, {12, 20}, {3, 0}, {7, 1}};
        for (int[] s : shapes) {
            out.add(new ScoredSequence(r.ints(s[0], 0, vocab).asLongStream().toArray(),
                    r.ints(s[1], 0, vocab).asLongStream().toArray()));
        }
        return out;
    }

    @Test
    void paddingDoesNotChangeResults() throws Exception {
        for (String name : new String[] {"tiny-gpt2", "tiny-llama"}) {
            try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model(name, root)) {
                List<ScoredSequence> seqs = mixedLengths(lm.config().vocabSize());
                double[][] batch = SequenceScorer.scoreToArrays(lm, root, seqs, 3);
                for (int i = 0; i < seqs.size(); i++) {
                    double[][] one = SequenceScorer.scoreToArrays(lm, root, List.of(seqs.get(i)), 3);
                    for (int k = 0; k < 3; k++) {
                        assertEquals(one[k][0], batch[k][i], 1e-5, name + " item " + i + " quantity " + k);
                    }
                }
                // the empty completion scores 0 with mean 0 (lengths clamp to 1), never NaN
                assertEquals(0.0, batch[0][3]);
                assertEquals(0.0, batch[1][3]);
                // sum = mean * length where the completion is non-empty
                assertEquals(batch[0][2], batch[1][2] * 20, 1e-4);
            }
        }
    }

    @Test
    void entropyIsBetweenZeroAndLogV() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("tiny-llama", root)) {
            double[][] r = SequenceScorer.scoreToArrays(lm, root, mixedLengths(96), 0);
            for (int i = 0; i < r[2].length; i++) {
                assertTrue(r[2][i] >= 0 && r[2][i] <= Math.log(96) + 1e-6, "entropy " + r[2][i]);
            }
        }
    }
}
