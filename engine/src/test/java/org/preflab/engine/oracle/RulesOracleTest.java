package org.preflab.engine.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.Judgement.Verdict;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

class RulesOracleTest {
    @TempDir Path dir;

    private PreferenceOracle oracle(double tieMargin, String... rules) throws IOException {
        return new RulesOracleProvider().create(
                new OracleProvider.Context(dir, dir, List.of(rules), tieMargin, null, Map.of()));
    }

    private static Judgement judge(PreferenceOracle o, String a, String b) {
        return o.judge(new Comparison("q1", "Once upon a time", a, b)).join();
    }

    private static double score(String completion, String... rules) throws IOException {
        return RewardRules.parse(List.of(rules), null).score(completion);
    }

    @Test
    void sentimentPrefersSmilesAndHugsOverTearsAndBreakage() throws IOException {
        PreferenceOracle o = oracle(0, "sentiment");
        Judgement j = judge(o, "Tom cried and broke his toy.", "Tom smiled and hugged his mum.");
        assertEquals(Verdict.B, j.verdict());
        assertEquals(-4, j.scoreA()); // cried -2, broke -2
        assertEquals(4, j.scoreB()); // smiled +2, hugged +2
        assertEquals("sentiment -4 vs 4", j.note());
        assertEquals(Verdict.A, judge(o, "They smiled and hugged.", "They cried and broke it.").verdict());
        assertEquals(4, o.score("any prompt", "They smiled and hugged."));
    }

    @Test
    void termsAreWeightedAndSummed() throws IOException {
        // sentiment 4, length 4 words
        assertEquals(4 - 0.02 * 4, score("They smiled and hugged.", "sentiment", "-0.02*length"), 1e-12);
        // keyword: whole words, case-insensitive; "dragons" and "castles" are other words
        assertEquals(3, score("A Dragon saw a castle. The dragon! dragons, castles", "keyword:dragon|castle"));
        assertEquals(1.5, score("A Dragon saw a castle. The dragon!", "0.5*keyword: dragon | castle "));
        // regex: case as written, matches counted; "a*" matches empty strings, which do not count
        assertEquals(2, score("the end. The end. the end!", "regex:\\bthe end\\b."));
        assertEquals(1, score("baaa", "regex:a*"));
        assertEquals(2 * 2, score("ab abb", "2*regex:ab*b"), "the '*' after the colon belongs to the regex");
        assertEquals(5, score("Don't stop, it's 3 o'clock", "length"));
        assertEquals(-1e-3 * 3, score("one two three", "-1e-3 * length"), 1e-15);
    }

    @Test
    void verdictsRespectTheTieMargin() throws IOException {
        // "happy" 3 vs "glad" 2: one point apart.
        assertEquals(Verdict.A, judge(oracle(0.5, "sentiment"), "happy", "glad").verdict());
        assertEquals(Verdict.TIE, judge(oracle(1.0, "sentiment"), "happy", "glad").verdict());
        assertEquals(Verdict.TIE, judge(oracle(0, "sentiment"), "a dog", "a cat").verdict());
        Judgement j = judge(oracle(0, "sentiment", "-0.5*length"), "happy", "glad day");
        assertEquals(Verdict.A, j.verdict()); // 3 - 0.5 = 2.5 vs 2 - 1 = 1
        assertEquals("sentiment 3 vs 2; -0.5*length -0.5 vs -1", j.note());
    }

    @Test
    void badRulesAreNamedAndQuoted() {
        assertRuleError("oracle.rules[1] = 'sentimnt': unknown kind 'sentimnt'; known: sentiment, lexicon, keyword,"
                + " regex, length", "length", "sentimnt");
        assertRuleError("oracle.rules[0] = 'x*length': the weight 'x' is not a number; write e.g. 0.5*sentiment",
                "x*length");
        assertRuleError("oracle.rules[0] = 'regex:(unclosed': not a valid regular expression: Unclosed group near"
                + " index 9", "regex:(unclosed");
        assertRuleError("oracle.rules[0] = 'keyword:a||b': an empty keyword in 'a||b'; separate words with |",
                "keyword:a||b");
        assertRuleError("oracle.rules[0] = 'keyword:': keyword needs an argument: keyword:a|b|c", "keyword:");
        assertRuleError("oracle.rules[0] = 'length:5': length takes no argument, got ':5'", "length:5");
        assertRuleError("oracle.rules[0] = ' ': an empty rule; write kind[:argument], e.g. sentiment", " ");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> RewardRules.parse(List.of(), null));
        assertTrue(none.getMessage().startsWith("oracle.rules is empty"), none.getMessage());
    }

    private void assertRuleError(String message, String... rules) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> oracle(0, rules));
        assertEquals(message, e.getMessage());
    }

    @Test
    void lexiconFilesResolveAgainstTheExperimentFolder() throws IOException {
        Files.writeString(dir.resolve("words.tsv"), "# story words\ndragon\t2\n\nnot good\t-2\ngood\t1\n");
        PreferenceOracle o = oracle(0, "2*lexicon:words.tsv");
        assertEquals(2 * (2 + 1), o.score("p", "A good dragon."));
        // the phrase counts instead of its words
        assertEquals(2 * (2 - 2), o.score("p", "The dragon was not good."));
    }

    @Test
    void badLexiconLinesNameFileAndLine() throws IOException {
        Path words = dir.resolve("words.tsv");
        Files.writeString(words, "# header\nhappy\t3\nsad -2\n");
        assertRuleError("oracle.rules[0] = 'lexicon:words.tsv': " + words + ":3: expected a word, a tab and a score,"
                + " got 'sad -2'", "lexicon:words.tsv");
        Files.writeString(words, "happy\t3\nsad\tvery\n");
        assertRuleError("oracle.rules[0] = 'lexicon:words.tsv': " + words + ":2: the score of 'sad' is 'very', not"
                + " a number", "lexicon:words.tsv");
        Files.writeString(words, "happy\t3\n# again\nHappy\t2\n");
        assertRuleError("oracle.rules[0] = 'lexicon:words.tsv': " + words + ":3: 'happy' is listed twice (line 1"
                + " too)", "lexicon:words.tsv");
        assertRuleError("oracle.rules[0] = 'lexicon:nope.tsv': " + dir.resolve("nope.tsv") + ": no such file",
                "lexicon:nope.tsv");
    }

    @Test
    void theBuiltInLexiconLoadsAndKnowsItsWords() {
        Lexicon sentiment = Lexicon.sentiment();
        assertTrue(sentiment.size() >= 250, "words: " + sentiment.size());
        for (String positive : List.of("happy", "smiled", "laughed", "fun", "love", "kind", "hug", "friend", "brave",
                "proud")) {
            assertTrue(sentiment.score(List.of(positive)) > 0, positive);
        }
        for (String negative : List.of("sad", "cried", "angry", "scared", "mean", "broke", "hurt", "lost", "alone")) {
            assertTrue(sentiment.score(List.of(negative)) < 0, negative);
        }
    }

    @Test
    void describesItsRules() throws IOException {
        assertEquals("rules: sentiment + 0.5*keyword:dragon|castle",
                oracle(0, "sentiment", "0.5*keyword:dragon|castle").describe());
    }
}
