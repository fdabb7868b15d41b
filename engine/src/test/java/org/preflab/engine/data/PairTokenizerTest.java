package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.preflab.engine.data.PreferenceRecord.Rendering;
import org.preflab.engine.tokenize.TextTokenizer;

/** TRL's tokenization and the keep_start limits on the stories260k tokenizer (BOS = 1, EOS = 2). */
class PairTokenizerTest {
    static TextTokenizer tok;
    static PairTokenizer pairs;

    /** golden.json: "Once upon a time" with BOS. */
    static final long[] ONCE = {1, 403, 407, 261, 378};
    /** golden.json greedy ids after ONCE: ", there was a little girl", then our EOS. */
    static final long[] THERE_WAS_EOS = {432, 383, 286, 261, 376, 298, 315, 421, 2};

    @BeforeAll
    static void load() {
        tok = TextTokenizer.load(DataFiles.shared("stories260k"));
        pairs = new PairTokenizer(tok);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    private static PreferenceRecord plain(String prompt, String chosen, String rejected, int line) {
        return new PreferenceRecord(prompt, chosen, rejected, Rendering.PLAIN, Path.of("t.jsonl"), line);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void plainTextHasBosOnceAndEosEndingEachCompletion() {
        PairTokenizer.Encoded e = pairs.encode(plain("Once upon a time", ", there was a little girl", ". The end.", 1));
        assertArrayEquals(ONCE, e.pair().prompt());
        assertArrayEquals(THERE_WAS_EOS, e.pair().chosen());
        assertArrayEquals(tok.encode("Once upon a time. The end.</s>", true), concat(ONCE, e.pair().rejected()));
        assertEquals(2, e.pair().rejected()[e.pair().rejected().length - 1]);
        assertFalse(e.prefixMismatch());
    }

    @Test
    void anEosAlreadyEndingTheTextIsNotAddedAgain() {
        var r = plain("Once upon a time", ", there was a little girl</s>", "!", 1);
        assertArrayEquals(THERE_WAS_EOS, pairs.encode(r).pair().chosen());
    }

    @Test
    void chatTemplateTextIsTokenizedAsWrittenWithNoBosOrEosAdded() {
        String prompt = "<s><|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        var r = new PreferenceRecord(prompt, "Hello!<|im_end|>\n", "Go away.<|im_end|>\n", Rendering.CHAT_TEMPLATE,
                Path.of("chat.jsonl"), 1);
        TokenizedPair p = pairs.encode(r).pair();
        assertEquals(1, p.prompt()[0]);
        assertEquals(1, Arrays.stream(p.prompt()).filter(id -> id == 1).count(), "the template's <s> only");
        assertArrayEquals(tok.encode(prompt, false), p.prompt());
        assertArrayEquals(tok.encode(prompt + "Hello!<|im_end|>\n", false), concat(p.prompt(), p.chosen()));
        assertTrue(Arrays.stream(p.chosen()).noneMatch(id -> id == 2), "no EOS for chat data");
    }

    @Test
    void overLongSequencesKeepTheirStartAndCountAsTruncated() {
        // prompt 5 + chosen 9 > 8: the chosen keeps its first 3 ids; the rejected (2 ids: "!" and EOS) fits.
        PairTokenizer.Tokenized t = pairs.tokenize(List.of(plain("Once upon a time", ", there was a little girl", "!",
                4)), new LengthLimits(8, 0));
        TokenizedPair p = t.pairs().get(0);
        assertArrayEquals(ONCE, p.prompt());
        assertArrayEquals(Arrays.copyOf(THERE_WAS_EOS, 3), p.chosen());
        assertArrayEquals(tok.encode("Once upon a time!</s>", true), concat(p.prompt(), p.rejected()));
        assertEquals(8, p.longestSequence());
        assertEquals(new TokenizeSummary(1, 1, 1, 0, List.of(), 0), t.summary());
    }

    @Test
    void aPromptThatFillsMaxLengthDropsThePairAndItIsCountedWithItsLine() {
        List<PreferenceRecord> records = List.of(
                plain("Once upon a time", ", there was a little girl", "!", 3),
                plain("Once", " upon", " a", 5));
        PairTokenizer.Tokenized atFive = pairs.tokenize(records, new LengthLimits(5, 0));
        assertEquals(1, atFive.pairs().size());
        assertEquals(5, atFive.pairs().get(0).line());
        assertEquals(new TokenizeSummary(2, 1, 0, 1, List.of(3), 0), atFive.summary());
        // One more token of room keeps it, with one completion id each.
        PairTokenizer.Tokenized atSix = pairs.tokenize(records, new LengthLimits(6, 0));
        assertEquals(2, atSix.pairs().size());
        assertArrayEquals(new long[] {432}, atSix.pairs().get(0).chosen());
        assertEquals(1, atSix.summary().truncated());
    }

    @Test
    void maxPromptLengthKeepsBosAndTheEndOfThePrompt() {
        PairTokenizer.Fit fit = pairs.fit(pairs.encode(plain("Once upon a time", ", there was a little girl", "!", 1))
                .pair(), new LengthLimits(0, 3));
        assertEquals(PairTokenizer.Outcome.TRUNCATED, fit.outcome());
        assertArrayEquals(new long[] {1, 261, 378}, fit.pair().prompt());
        assertArrayEquals(THERE_WAS_EOS, fit.pair().chosen());
        assertEquals(PairTokenizer.Outcome.KEPT, pairs.fit(fit.pair(), new LengthLimits(0, 3)).outcome());
    }

    @Test
    void aPromptThatTokenizesDifferentlyBeforeItsCompletionIsSplitAtItsLengthAndCounted() {
        long[] alone = tok.encode("Once upon a ti", true);
        long[] whole = tok.encode("Once upon a time, there was a little girl</s>", true);
        assertFalse(Arrays.equals(alone, 0, alone.length, whole, 0, alone.length), "precondition: 'ti'+'me' merge");
        PairTokenizer.Tokenized t = pairs.tokenize(List.of(plain("Once upon a ti", "me, there was a little girl",
                "me!", 1)), LengthLimits.NONE);
        assertEquals(1, t.summary().prefixMismatches());
        assertArrayEquals(alone, t.pairs().get(0).prompt());
        assertArrayEquals(Arrays.copyOfRange(whole, alone.length, whole.length), t.pairs().get(0).chosen());
    }

    @Test
    void aCompletionWithNoTokensIsDropped() {
        var r = new PreferenceRecord("<s>Q:", "", " A", Rendering.CHAT_TEMPLATE, Path.of("chat.jsonl"), 9);
        PairTokenizer.Fit fit = pairs.fit(pairs.encode(r).pair(), LengthLimits.NONE);
        assertEquals(PairTokenizer.Outcome.DROPPED, fit.outcome());
        assertNull(fit.pair());
    }

    @Test
    void aTranscriptCannotBeTokenized() {
        var r = new PreferenceRecord("user: Hi\n", "assistant: A\n", "assistant: B\n", Rendering.TRANSCRIPT,
                Path.of("chat.jsonl"), 2);
        var e = assertThrows(IllegalArgumentException.class, () -> pairs.encode(r));
        assertTrue(e.getMessage().startsWith("chat.jsonl:2: "), e.getMessage());
    }

    @Test
    void limitsRejectMeaninglessValues() {
        assertThrows(IllegalArgumentException.class, () -> new LengthLimits(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LengthLimits(-5, 0));
        assertThrows(IllegalArgumentException.class, () -> new LengthLimits(10, -1));
    }
}
