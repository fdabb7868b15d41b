package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.tokenize.TextTokenizer;

/** A run's data end to end: read, refuse bad files, split, tokenize, count. */
class PreferenceDatasetTest {
    static final Path STORIES = DataFiles.shared("stories260k");
    static TextTokenizer tok;

    @TempDir Path dir;

    @BeforeAll
    static void load() {
        tok = TextTokenizer.load(STORIES);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    private Path pairs(String name, int n) throws IOException {
        String lines = IntStream.range(0, n).mapToObj(i -> "{\"prompt\": \"Once upon a time\", \"chosen\": \" Lily "
                + i + "\", \"rejected\": \" Tom " + i + "\"}").collect(Collectors.joining("\n"));
        return DataFiles.write(dir, name, lines + "\n");
    }

    @Test
    void aSeededFractionSplitsRecordsBeforeTokenizing() throws IOException {
        Path file = pairs("pairs.jsonl", 10);
        PreferenceDataset.Loaded a = PreferenceDataset.load(file, null, 0.2, 11, tok, STORIES, new LengthLimits(64, 0));
        List<Integer> expectedEval = DatasetSplit.byFraction(IntStream.rangeClosed(1, 10).boxed().toList(), 0.2, 11)
                .eval();
        assertEquals(expectedEval, a.split().eval().stream().map(TokenizedPair::line).toList());
        assertEquals(8, a.split().train().size());
        assertEquals(new TokenizeSummary(8, 8, 0, 0, List.of(), 0), a.trainSummary());
        assertEquals(new TokenizeSummary(2, 2, 0, 0, List.of(), 0), a.evalSummary());
        assertEquals("standard", a.format().id());
        // Tight limits cut and drop pairs but hold out the same records.
        PreferenceDataset.Loaded b = PreferenceDataset.load(file, null, 0.2, 11, tok, STORIES, new LengthLimits(6, 0));
        assertEquals(expectedEval, b.split().eval().stream().map(TokenizedPair::line).toList());
        assertEquals(8, b.trainSummary().truncated());
    }

    @Test
    void anEvalFileIsReadOnItsOwnAndCannotBeCombinedWithAFraction() throws IOException {
        Path train = pairs("train.jsonl", 4);
        Path eval = DataFiles.write(dir, "eval.json",
                "[{\"chosen\": \"The sky is blue.\", \"rejected\": \"The sky is red.\"}]");
        PreferenceDataset.Loaded l = PreferenceDataset.load(train, eval, 0, 0, tok, STORIES, LengthLimits.NONE);
        assertEquals(4, l.split().train().size());
        assertArrayEquals(tok.encode("The sky is", true), l.split().eval().get(0).prompt());
        assertThrows(IllegalArgumentException.class,
                () -> PreferenceDataset.load(train, eval, 0.5, 0, tok, STORIES, LengthLimits.NONE));
    }

    @Test
    void trainingRefusesAFileWithBadRecordsNamingTheFirstAndTheCount() throws IOException {
        Path file = DataFiles.write(dir, "bad.jsonl", """
                {"prompt": "a", "chosen": "b", "rejected": "c"}
                {"prompt": "a", "chosen": "", "rejected": "c"}
                {"prompt": "a", "chosen": "b"}
                """);
        var e = assertThrows(DatasetFileException.class,
                () -> PreferenceDataset.load(file, null, 0, 0, tok, STORIES, LengthLimits.NONE));
        assertEquals(file + ": 2 bad records of 3 (first: line 2: field 'chosen' is empty); preflab validate " + file
                + " lists them all", e.getMessage());
    }

    @Test
    void aFileWhosePairsAreAllDroppedIsRefused() throws IOException {
        Path file = pairs("long.jsonl", 2);
        var e = assertThrows(DatasetFileException.class,
                () -> PreferenceDataset.load(file, null, 0, 0, tok, STORIES, new LengthLimits(5, 0)));
        assertTrue(e.getMessage().contains("2 pairs: 0 kept (0 truncated), 2 dropped"), e.getMessage());
    }

    @Test
    void conversationsAreRenderedWithTheModelsTemplateThenTokenizedWithoutAddedTokens() throws IOException {
        Path model = Files.createDirectory(dir.resolve("chat-model"));
        Files.copy(STORIES.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        Files.copy(DataFiles.shared("chat-templates", "chatml", "tokenizer_config.json"),
                model.resolve("tokenizer_config.json"));
        Path file = DataFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "Hello!"}], "rejected": [{"role": "assistant", "content": "Go away."}]}
                """);
        try (TextTokenizer chatTok = TextTokenizer.load(model)) {
            PreferenceDataset.Loaded l = PreferenceDataset.load(file, null, 0, 0, chatTok, model, LengthLimits.NONE);
            assertEquals("conversational", l.format().id());
            TokenizedPair p = l.split().train().get(0);
            String prompt = "<s><|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
            assertArrayEquals(chatTok.encode(prompt, false), p.prompt());
            long[] whole = chatTok.encode(prompt + "Hello!<|im_end|>\n", false);
            assertArrayEquals(Arrays.copyOfRange(whole, p.prompt().length, whole.length), p.chosen());
            assertEquals(1, p.prompt()[0], "the template's <s>, not a second BOS");
            assertEquals(1, Arrays.stream(p.prompt()).filter(id -> id == 1).count());
        }
    }
}
