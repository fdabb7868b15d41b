package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spo.DegreeVariants.Variant;
import org.preflab.engine.spo.SpoSettings.RemovalOrder;

class SpoDegreeVariantsTest {
    @Test
    void topScoreVariantsOfTheHandWorkedExample() {
        // RakeTest.CATS ranks P = [cat sat, black cat, dog sat, red mat, mat]; K = 4 removes
        // n_d = round(d/3·5) = 0, 2 (1.67), 3 (3.33), 5 phrases. "mat" also goes inside "red mat"'s text, and
        // "Black Cat" goes with "black cat": occurrences are whole words, matched case-insensitively.
        List<Variant> v = DegreeVariants.build(RakeTest.CATS, 4, RemovalOrder.TOP_SCORE, 0);
        assertEquals(List.of(
                new Variant(0, RakeTest.CATS),
                new Variant(1, "The on the mat. A is on the red mat, and the dog sat with the ."),
                new Variant(2, "The on the mat. A is on the red mat, and the with the ."),
                new Variant(3, "The on the . A is on the , and the with the .")), v);
    }

    @Test
    void phraseCountsRoundHalfUp() {
        assertEquals(1, DegreeVariants.phrasesAtDegree(1, 3, 1)); // 0.5 -> 1
        assertEquals(0, DegreeVariants.phrasesAtDegree(1, 4, 1)); // 0.33 -> 0
        assertEquals(1, DegreeVariants.phrasesAtDegree(2, 4, 1)); // 0.67 -> 1
        assertEquals(2, DegreeVariants.phrasesAtDegree(1, 4, 5)); // 1.67 -> 2
        assertEquals(7, DegreeVariants.phrasesAtDegree(3, 4, 7)); // d = K-1 removes all
        assertEquals(0, DegreeVariants.phrasesAtDegree(0, 4, 7));
    }

    @Test
    void identicalVariantsAreDroppedKeepingTheLowestDegree() {
        // One phrase, K = 4: n = 0, 0, 1, 1 -> degrees 0 and 2 remain; the whole response is its key content,
        // so degree 2 is the empty string.
        assertEquals(List.of(new Variant(0, "Photosynthesis!"), new Variant(2, "!")),
                DegreeVariants.build("Photosynthesis!", 4, RemovalOrder.TOP_SCORE, 0));
        assertEquals(List.of(new Variant(0, "Cats"), new Variant(2, "")),
                DegreeVariants.build("Cats", 4, RemovalOrder.TOP_SCORE, 0));
        // No content words: a single variant, so this response adds nothing to the degree loss.
        assertEquals(List.of(new Variant(0, "It is what it is.")),
                DegreeVariants.build("It is what it is.", 4, RemovalOrder.TOP_SCORE, 0));
    }

    @Test
    void randomOrderIsSeededAndNested() {
        String text = "Solar panels convert sunlight. Wind turbines convert wind. Batteries store energy for nights.";
        List<Variant> a = DegreeVariants.build(text, 5, RemovalOrder.RANDOM, 17);
        assertEquals(a, DegreeVariants.build(text, 5, RemovalOrder.RANDOM, 17));
        boolean differsFromTopScore = false;
        List<Variant> top = DegreeVariants.build(text, 5, RemovalOrder.TOP_SCORE, 17);
        for (long seed = 0; seed < 10 && !differsFromTopScore; seed++) {
            differsFromTopScore = !DegreeVariants.build(text, 5, RemovalOrder.RANDOM, seed).equals(top);
        }
        assertTrue(differsFromTopScore, "RANDOM never left the TOP_SCORE order in 10 seeds");
        // nested: degree d+1 only removes more (its non-space characters are a subsequence of degree d's)
        for (int i = 1; i < a.size(); i++) {
            assertTrue(isSubsequence(a.get(i).text(), a.get(i - 1).text()), a.toString());
        }
    }

    @Test
    void variantLengthNeverGrowsWithDegree() {
        String[] vocab = {"the", "a", "of", "and", "model", "Model", "learns", "keys", "keyword", "state-of-the-art",
            "don't", "42", "data", "sets", "is", ",", ".", ";", "!", "  ", "\t", "\n", "e.g."};
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(1, 40); i > 0; i--) {
                sb.append(vocab[r.nextInt(vocab.length)]).append(r.nextInt(4) == 0 ? "" : " ");
            }
            String text = sb.toString();
            for (int k = 2; k <= 6; k++) {
                for (RemovalOrder order : RemovalOrder.values()) {
                    List<Variant> v = DegreeVariants.build(text, k, order, trial);
                    assertEquals(new Variant(0, text), v.get(0));
                    for (int i = 1; i < v.size(); i++) {
                        String msg = "k=" + k + " " + order + " text '" + text + "': " + v;
                        assertTrue(v.get(i).degree() > v.get(i - 1).degree() && v.get(i).degree() < k, msg);
                        assertTrue(v.get(i).text().length() <= v.get(i - 1).text().length(), msg);
                        assertNotEquals(v.get(i).text(), v.get(i - 1).text(), msg);
                        assertTrue(isSubsequence(v.get(i).text(), v.get(i - 1).text()), msg);
                    }
                }
            }
        }
    }

    private static boolean isSubsequence(String small, String big) {
        String sm = small.replaceAll("\\s", "");
        String bg = big.replaceAll("\\s", "");
        int j = 0;
        for (int i = 0; i < bg.length() && j < sm.length(); i++) {
            if (bg.charAt(i) == sm.charAt(j)) {
                j++;
            }
        }
        return j == sm.length();
    }
}
