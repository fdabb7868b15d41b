package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.preflab.engine.data.PreferenceRecord.Rendering;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Tokenization bounded by max_length gives what tokenizing everything and then cutting gives, and its work does not
 * grow with the record. stories260k's tokenizer splits nothing before BPE (Metaspace, split false): a whole record
 * is one BPE word, the hardest case for tokenizing a prefix.
 */
class PairTokenizerBoundTest {
    private static final String[] WORDS = {"Once", "upon", "a", "time", "there", "was", "little", "girl", "named",
        "Lily", "she", "loved", "to", "play", "in", "the", "park", "with", "her", "dog", "Max.", "One", "day,",
        "happy!", "\"Look!\"", "café", "naïve", "🙂", "1234", "—", "it's", "\n", "\n\n", "  ", "\t", "sky-blue"};
    static TextTokenizer tok;

    @BeforeAll
    static void load() {
        tok = TextTokenizer.load(DataFiles.shared("stories260k"));
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    private static String text(Random rnd, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String w = WORDS[rnd.nextInt(WORDS.length)];
            b.append(w.isBlank() || rnd.nextInt(12) == 0 ? w : " " + w);
            if (rnd.nextInt(40) == 0) b.append("x".repeat(rnd.nextInt(300))); // long runs without a space
        }
        return b.toString();
    }

    @Test
    void aPrefixEncodingEqualsTheWholeEncodingsPrefix() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            String t = text(rnd, 1 + rnd.nextInt(3000));
            boolean special = rnd.nextBoolean();
            long[] all = tok.encode(t, special);
            int count = 1 + rnd.nextInt(600);
            assertArrayEquals(Arrays.copyOf(all, Math.min(count, all.length)), tok.encodePrefix(t, special, count),
                    "text " + i + " count " + count);
        }
    }

    @Test
    void boundedTokenizationFitsExactlyAsWholeTokenizationThenTruncation() {
        Random rnd = new Random(11);
        List<PreferenceRecord> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Rendering rendering = i % 3 == 0 ? Rendering.CHAT_TEMPLATE : Rendering.PLAIN;
            int scale = i % 5 == 0 ? 2000 : 40; // some far over the limits, most normal
            records.add(new PreferenceRecord(text(rnd, 1 + rnd.nextInt(scale)), text(rnd, 1 + rnd.nextInt(scale)),
                    text(rnd, 1 + rnd.nextInt(scale)), rendering, Path.of("t.jsonl"), i + 1));
        }
        PairTokenizer pairs = new PairTokenizer(tok);
        for (LengthLimits limits : List.of(new LengthLimits(8, 0), new LengthLimits(64, 0), new LengthLimits(512, 0),
                new LengthLimits(64, 16), new LengthLimits(300, 200))) {
            List<TokenizedPair> expected = new ArrayList<>();
            int truncated = 0;
            int mismatches = 0;
            List<Integer> dropped = new ArrayList<>();
            for (PreferenceRecord r : records) { // the old way: everything, then the limits
                PairTokenizer.Encoded e = pairs.encode(r);
                PairTokenizer.Fit fit = pairs.fit(e.pair(), limits);
                mismatches += e.prefixMismatch() && fit.pair() != null ? 1 : 0;
                if (fit.pair() != null) expected.add(fit.pair());
                if (fit.outcome() == PairTokenizer.Outcome.TRUNCATED) truncated++;
                if (fit.outcome() == PairTokenizer.Outcome.DROPPED) dropped.add(r.line());
            }
            PairTokenizer.Tokenized got = pairs.tokenize(records, limits);
            assertEquals(expected.size(), got.pairs().size(), limits.toString());
            for (int i = 0; i < expected.size(); i++) {
                TokenizedPair a = expected.get(i);
                TokenizedPair b = got.pairs().get(i);
                assertEquals(a.line(), b.line());
                assertArrayEquals(a.prompt(), b.prompt(), limits + " line " + a.line());
                assertArrayEquals(a.chosen(), b.chosen(), limits + " line " + a.line());
                assertArrayEquals(a.rejected(), b.rejected(), limits + " line " + a.line());
            }
            assertEquals(new TokenizeSummary(records.size(), expected.size(), truncated, dropped.size(), dropped,
                    mismatches), got.summary(), limits.toString());
        }
    }

    /**
     * The record: 19 MB of completion took 46 s and 2.5 GB tokenized whole (here 100 s and 2 GB of heap);
     * max_length 512 needs a few thousand chars.
     */
    @Test
    void aNineteenMegabyteCompletionTakesTheTimeOfItsFirstTokens() {
        Random rnd = new Random(3);
        StringBuilder b = new StringBuilder();
        while (b.length() < 19_000_000) b.append(text(rnd, 1000));
        PreferenceRecord huge = new PreferenceRecord("Once upon a time", b.toString(), " The end.", Rendering.PLAIN,
                Path.of("t.jsonl"), 1);
        PairTokenizer pairs = new PairTokenizer(tok);
        long start = System.nanoTime();
        PairTokenizer.Tokenized t = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> pairs.tokenize(List.of(huge), new LengthLimits(512, 0)));
        System.out.printf("19 MB completion, max_length 512: %.3f s%n", (System.nanoTime() - start) / 1e9);
        assertEquals(1, t.summary().truncated());
        assertEquals(512, t.pairs().get(0).prompt().length + t.pairs().get(0).chosen().length);
    }

    /** validate's report reads the same record in the time of its first tokens too, and still counts the cut. */
    @Test
    void theValidationReportOfAHugeRecordIsBoundedByMaxLength(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Random rnd = new Random(4);
        StringBuilder b = new StringBuilder();
        while (b.length() < 19_000_000) b.append(text(rnd, 1000));
        Path file = dir.resolve("huge.jsonl");
        java.nio.file.Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                java.util.Map.of("prompt", "Once upon a time", "chosen", b.toString(), "rejected", " The end.")) + "\n");
        DatasetReport report = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> DatasetReport.of(
                PreferenceReader.read(file, PreferenceReader.templateOf(dir)), tok, new LengthLimits(512, 0)));
        org.junit.jupiter.api.Assertions.assertTrue(report.allGood());
        assertEquals(1, report.truncatedLines().size(), "the record is cut at max_length");
    }
}
