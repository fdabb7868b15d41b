package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.Main;

class ValidateCommandTest {
    private static final Path STORIES = Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k");

    private static final String GOOD = """
            {"prompt": "Once upon a time", "chosen": ", there was a little girl", "rejected": "!"}
            {"prompt": "Hi", "chosen": " there", "rejected": " you"}
            {"prompt": "Lily and Tim went to the park.", "chosen": " Yes", "rejected": " No"}
            """;

    @TempDir Path dir;

    private static CliRun preflab(String... args) {
        return CliRun.of(args);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertOneLineError(String expected, CliRun run) {
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals(expected + System.lineSeparator(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aGoodFileExitsZeroWithFormatCountsAndCharacterLengths() throws IOException {
        CliRun run = preflab("validate", file("good.jsonl", GOOD).toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("format: TRL standard (prompt, chosen, rejected), detected at line 1"),
                run.out());
        assertTrue(run.out().contains("records: 3 read, 3 good, 0 bad"), run.out());
        assertTrue(run.out().contains("character lengths (no --model"), run.out());
        assertTrue(run.out().endsWith("result: all 3 records are good" + System.lineSeparator()), run.out());
    }

    @Test
    void badRecordsAreEachListedByLineAndFieldAndExitOne() throws IOException {
        CliRun run = preflab("validate", file("bad.jsonl", GOOD + """
                {"prompt": "Hi", "chosen": "", "rejected": " you"}
                {"prompt": "Hi", "chosen": " there"
                {"prompt": "Hi", "chosen": " same", "rejected": " same"}
                {"prompt": "Hi", "chosen": " there", "rejected": " you"}
                """).toString());
        assertEquals(1, run.code(), run.err());
        String out = run.out();
        assertTrue(out.contains("records: 7 read, 4 good, 3 bad"), out);
        assertTrue(out.contains("\n  line 4: field 'chosen' is empty\n  line 5: malformed JSON: "), out);
        assertTrue(out.contains("\n  line 6: field 'rejected' is identical to 'chosen'\n"), out);
        assertTrue(out.contains("\n  lines 2, 7\n"), "duplicates: " + out);
        assertTrue(out.contains("result: 3 bad records"), out);
    }

    @Test
    void withAModelItCountsTokensAndWhatMaxLengthWouldCutOrDrop() throws IOException {
        CliRun run = preflab("validate", file("good.json", GOOD).toString(), "--model", STORIES.toString(),
                "--max-length", "8");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("token lengths before any limit"), run.out());
        assertTrue(run.out().contains("1 of 3 pairs would be truncated, 1 dropped (line 3)"), run.out());
    }

    @Test
    void conversationsAreRenderedWithTheModelsChatTemplate() throws IOException {
        Path model = Files.createDirectory(dir.resolve("chat-model"));
        Files.copy(STORIES.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        Files.copy(STORIES.resolveSibling("chat-templates").resolve("chatml").resolve("tokenizer_config.json"),
                model.resolve("tokenizer_config.json"));
        Path chat = file("chat.jsonl", """
                {"chosen": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}], "rejected": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Go away."}]}
                {"chosen": [{"role": "user", "content": "Hi"}, {"role": "user", "content": "A"}], "rejected": [{"role": "user", "content": "Hi"}, {"role": "user", "content": "B"}]}
                """);
        CliRun run = preflab("validate", chat.toString(), "--model", model.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains("format: TRL conversational, implicit prompt"), run.out());
        assertTrue(run.out().contains("line 2: The chat template of chat-model rejected the conversation: "
                + "Conversation roles must alternate"), run.out());
        assertTrue(run.out().contains("token lengths before any limit"), run.out());

        assertOneLineError("error: " + chat + ": conversational data needs the model's chat template: "
                + STORIES.resolve("tokenizer_config.json") + " has no chat_template (nor has its folder a "
                + "chat_template.jinja): this checkpoint is not a chat model, or its template must be supplied "
                + "separately", preflab("validate", chat.toString(), "--model", STORIES.toString()));
    }

    @Test
    void aFileThatCannotBeUsedExitsTwoWithOneLine() throws IOException {
        Path missing = dir.resolve("missing.jsonl");
        assertOneLineError("error: " + missing + ": no such file", preflab("validate", missing.toString()));
        Path empty = file("empty.jsonl", "");
        assertOneLineError("error: " + empty + ": the file is empty", preflab("validate", empty.toString()));
        Path csv = file("pairs.csv", "prompt,chosen,rejected\nHi,there,you\n");
        CliRun run = preflab("validate", csv.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("error: " + csv + ": not JSON or JSONL (line 1: "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        Path good = file("good.jsonl", GOOD);
        assertOneLineError("error: --max-length and --max-prompt-length count tokens: give --model DIR too",
                preflab("validate", good.toString(), "--max-length", "64"));
    }

    @Test
    void theCommandIsListedInHelp() {
        CliRun run = preflab("--help");
        assertTrue(run.out().contains("validate"), run.out());
    }
}
