package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.tokenize.TextTokenizer;

class DatasetReportTest {
    @TempDir Path dir;

    private static String print(DatasetReport report) {
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void duplicatesAreListedByLineButDoNotMakeTheFileBad() throws IOException {
        Path file = DataFiles.write(dir, "dup.jsonl", """
                {"prompt": "Hi", "chosen": " there", "rejected": " you"}
                {"prompt": "Hi", "chosen": " there", "rejected": " yo"}
                {"prompt": "Hi", "chosen": " there", "rejected": " you", "source": "copy"}
                {"prompt": "Bye", "chosen": " now", "rejected": " then"}
                {"prompt": "Bye", "chosen": " now", "rejected": " then"}
                {"prompt": "Hi", "chosen": " there", "rejected": " you"}
                """);
        DatasetReport r = DatasetReport.of(PreferenceReader.read(file, null), null, LengthLimits.NONE);
        assertEquals(List.of(List.of(1, 3, 6), List.of(4, 5)), r.duplicates());
        assertTrue(r.allGood());
        String out = print(r);
        assertTrue(out.contains("\n  lines 1, 3, 6\n  lines 4, 5\n"), out);
        assertTrue(out.contains("result: all 6 records are good"), out);
    }

    @Test
    void withoutATokenizerLengthsAreCharactersInDoublingBuckets() throws IOException {
        Path file = DataFiles.write(dir, "chars.jsonl", """
                {"prompt": "Once upon a time", "chosen": " there was a little girl named Lily.", "rejected": " no."}
                {"prompt": "Hi", "chosen": " there", "rejected": "x"}
                """);
        String out = print(DatasetReport.of(PreferenceReader.read(file, null), null, LengthLimits.NONE));
        // Prompts 16 and 2 characters, chosen 36 and 6, rejected 4 and 1.
        assertTrue(out.contains("character lengths (no --model"), out);
        String table = String.join("\n",
                "  chars          prompt   chosen rejected",
                "  0-15                1        1        2",
                "  16-31               1        0        0",
                "  32-63               0        1        0",
                "  min                 2        6        1",
                "  median              2        6        1",
                "  max                16       36        4");
        assertTrue(out.contains(table), out);
    }

    @Test
    void conversationsWithoutATemplateAreCountedAsTranscripts() throws IOException {
        Path file = DataFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "Hello!"}], "rejected": [{"role": "assistant", "content": "Go."}]}
                """);
        String out = print(DatasetReport.of(PreferenceReader.read(file, null), null, LengthLimits.NONE));
        assertTrue(out.contains("; conversations counted as 'role: content' lines):"), out);
        // "user: Hi\n" is 9 characters, "assistant: Hello!\n" 18, "assistant: Go.\n" 15.
        assertTrue(out.contains("  max                 9       18       15"), out);
    }

    @Test
    void withATokenizerItCountsWhatTheLimitsWouldTruncateAndDrop() throws IOException {
        Path file = DataFiles.write(dir, "tokens.jsonl", """
                {"prompt": "Once upon a time", "chosen": ", there was a little girl", "rejected": "!"}
                {"prompt": "Hi", "chosen": " there", "rejected": " you"}
                {"prompt": "Lily and Tim went to the park.", "chosen": " Yes", "rejected": " No"}
                """);
        try (TextTokenizer tok = TextTokenizer.load(DataFiles.shared("stories260k"))) {
            // Prompts with BOS: 5 ("Once upon a time", golden.json), 3 and 12 tokens; max_length 8 cuts line 1's
            // chosen (9 tokens with EOS) and drops line 3.
            assertEquals(12, tok.encode("Lily and Tim went to the park.", true).length);
            DatasetReport r = DatasetReport.of(PreferenceReader.read(file, null), tok, new LengthLimits(8, 0));
            assertEquals(List.of(1), r.truncatedLines());
            assertEquals(List.of(3), r.droppedLines());
            String out = print(r);
            assertTrue(out.contains("token lengths before any limit"), out);
            assertTrue(out.contains("limits (max_length 8, max_prompt_length none, keep_start): 1 of 3 pairs would be "
                    + "truncated, 1 dropped (line 3)"), out);
        }
    }

    @Test
    void limitsNeedATokenizer() throws IOException {
        Path file = DataFiles.write(dir, "p.jsonl", "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n");
        var read = PreferenceReader.read(file, null);
        assertThrows(IllegalArgumentException.class, () -> DatasetReport.of(read, null, new LengthLimits(64, 0)));
    }

    @Test
    void bucketsDoubleFromSixteen() {
        int[][] cases = {{0, 0}, {15, 0}, {16, 1}, {31, 1}, {32, 2}, {63, 2}, {64, 3}, {1023, 6}, {1024, 7}};
        for (int[] c : cases) {
            assertEquals(c[1], LengthHistogram.bucket(c[0]), "length " + c[0]);
            assertTrue(LengthHistogram.lower(c[1]) <= c[0] && c[0] < LengthHistogram.lower(c[1] + 1), "length " + c[0]);
        }
    }
}
