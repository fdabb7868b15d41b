package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RakeTest {
    /*
     * Hand-worked example. Stopwords (NLTK list) in the text: the, on, a, is, and, with.
     *
     *   "The cat sat on the mat. A black cat is on the red mat, and the dog sat with the Black Cat."
     *
     * Candidate phrases, cut at stopwords and punctuation, in text order (lower-cased):
     *   [cat sat] [mat] [black cat] [red mat] [dog sat] [black cat]
     *
     *   word   freq  degree (sum of the lengths of the phrases it occurs in)   score = degree/freq
     *   cat     3    2 (cat sat) + 2 (black cat) + 2 (black cat) = 6           6/3 = 2
     *   sat     2    2 (cat sat) + 2 (dog sat)                   = 4           4/2 = 2
     *   mat     2    1 (mat)     + 2 (red mat)                   = 3           3/2 = 1.5
     *   black   2    2 + 2                                       = 4           4/2 = 2
     *   red     1    2                                           = 2           2/1 = 2
     *   dog     1    2                                           = 2           2/1 = 2
     *
     *   phrase      score            first word index (The=0 cat=1 sat=2 on=3 the=4 mat=5 A=6 black=7 ... red=12
     *   cat sat     2 + 2 = 4        1                                                       ... dog=16)
     *   mat         1.5              5
     *   black cat   2 + 2 = 4        7   (twice in the text, "Black Cat" lower-cased: listed once)
     *   red mat     2 + 1.5 = 3.5    12
     *   dog sat     2 + 2 = 4        16
     *
     * Ranked: cat sat (4), black cat (4), dog sat (4) - a three-way tie broken by first occurrence - then
     * red mat (3.5), mat (1.5).
     */
    static final String CATS =
            "The cat sat on the mat. A black cat is on the red mat, and the dog sat with the Black Cat.";

    @Test
    void wordScoresMatchTheHandWorkedExample() {
        Map<String, Double> scores = Rake.english().wordScores(CATS);
        assertEquals(Map.of("cat", 2.0, "sat", 2.0, "mat", 1.5, "black", 2.0, "red", 2.0, "dog", 2.0), scores);
    }

    @Test
    void phrasesMatchTheHandWorkedExample() {
        List<Rake.Phrase> p = Rake.english().phrases(CATS);
        assertEquals(List.of("cat sat", "black cat", "dog sat", "red mat", "mat"),
                p.stream().map(Rake.Phrase::text).toList());
        assertArrayEquals(new double[] {4, 4, 4, 3.5, 1.5},
                p.stream().mapToDouble(Rake.Phrase::score).toArray(), 0.0);
        assertArrayEquals(new int[] {1, 7, 16, 12, 5}, p.stream().mapToInt(Rake.Phrase::firstWord).toArray());
        assertEquals(List.of("black", "cat"), p.get(1).words());
    }

    @Test
    void punctuationSplitsPhrasesAndInnerJoinersKeepWordsWhole() {
        // "apples" and "pears" are separated by a comma only; "state-of-the-art" and "don't" are single words,
        // and the curly apostrophe is read as a straight one, so "Don’t" is the stopword "don't".
        List<String> p = Rake.english().phrases("Apples, pears; state-of-the-art tools. Don’t panic")
                .stream().map(Rake.Phrase::text).toList();
        assertEquals(Set.of("apples", "pears", "state-of-the-art tools", "panic"), Set.copyOf(p));
        assertEquals("state-of-the-art tools", p.get(0)); // 2 words of score 2 each beat the single words
    }

    @Test
    void tiesAreExactNotFloatingPoint() {
        // red: degree 3 + 3 + 1 = 7, freq 3 -> 7/3; apples likewise 7/3; grow: 6/2 = 3.
        // "red apples grow" = 7/3 + 7/3 + 3 and "grow red apples" = 3 + 7/3 + 7/3: both exactly 23/3, but summed
        // in word order as doubles they come out 7.666666666666667 and 7.666666666666668, which would put the
        // later phrase first. Exact fractions tie, and the first occurrence wins.
        List<String> p = Rake.english().phrases("Red apples grow. Grow red apples. Red. Apples.")
                .stream().map(Rake.Phrase::text).toList();
        assertEquals(List.of("red apples grow", "grow red apples", "red", "apples"), p);
    }

    @Test
    void noContentWordsGivesNoPhrases() {
        assertEquals(List.of(), Rake.english().phrases("It is what it is, and so on!"));
        assertEquals(List.of(), Rake.english().phrases(""));
    }

    @Test
    void bundledListIsNltksEnglishList() {
        Rake r = Rake.english();
        assertEquals(179, Rake.loadStopwords("stopwords-en.txt").size());
        assertTrue(r.isStopword("The") && r.isStopword("wouldn't") && r.isStopword("WOULDN’T"));
        assertFalse(r.isStopword("cat"));
    }
}
