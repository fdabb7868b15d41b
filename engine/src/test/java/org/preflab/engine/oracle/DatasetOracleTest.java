package org.preflab.engine.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.Judgement.Verdict;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

class DatasetOracleTest {
    private static final Map<String, List<String[]>> LABELS = Map.of(
            "Once", List.of(new String[] {"they smiled", "they cried"}, new String[] {"a dog", "a cat"}),
            "Twice", List.of(new String[] {"x", "y"}, new String[] {"y", "x"}));

    private final PreferenceOracle oracle = new DatasetOracleProvider().create(
            new OracleProvider.Context(null, null, List.of(), 0, null, LABELS));

    private Judgement judge(String prompt, String a, String b) {
        return oracle.judge(new Comparison("q", prompt, a, b)).join();
    }

    @Test
    void theChosenSideWinsInEitherOrder() {
        assertEquals(Verdict.A, judge("Once", "they smiled", "they cried").verdict());
        assertEquals(Verdict.B, judge("Once", "they cried", "they smiled").verdict());
        assertEquals(Verdict.B, judge("Once", "a cat", "a dog").verdict());
        assertEquals(Double.NaN, judge("Once", "a cat", "a dog").scoreA());
    }

    @Test
    void aPairNotInTheDataIsSkippedWithANote() {
        Judgement other = judge("Once", "they smiled", "a cat");
        assertEquals(Verdict.SKIP, other.verdict());
        assertEquals("this pair is not in the data (2 labelled pairs for the prompt)", other.note());
        Judgement noPrompt = judge("Thrice", "x", "y");
        assertEquals(Verdict.SKIP, noPrompt.verdict());
        assertTrue(noPrompt.note().contains("no labelled pair for this prompt"), noPrompt.note());
        assertEquals(Verdict.SKIP, judge("Twice", "x", "y").verdict(), "contradictory labels answer nothing");
    }

    @Test
    void withoutLabelsEverythingIsSkipped() {
        PreferenceOracle empty = new DatasetOracleProvider().create(
                new OracleProvider.Context(null, null, List.of(), 0, null, null));
        assertEquals(Verdict.SKIP, empty.judge(new Comparison("q", "Once", "a", "b")).join().verdict());
    }
}
