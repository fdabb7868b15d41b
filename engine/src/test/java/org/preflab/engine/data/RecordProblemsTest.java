package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.ProblemKind;

/**
 * Every kind of bad record is reported with its line and field, and reading goes on; a file that cannot be used at
 * all is one line.
 */
class RecordProblemsTest {
    @TempDir Path dir;

    /** A problem as (line, field, kind), to compare lists in one assertion. */
    private record Seen(int line, String field, ProblemKind kind) {}

    private static List<Seen> seen(PreferenceReader.ReadResult r) {
        return r.problems().stream().map(p -> new Seen(p.line(), p.field(), p.kind())).toList();
    }

    @Test
    void standardRecordsReportEveryProblemByLineAndField() throws IOException {
        Path file = DataFiles.write(dir, "bad.jsonl", """
                {"prompt": "ok", "chosen": "a", "rejected": "b"}
                {"prompt": "x", "chosen": "a", "rejected": "b"
                ["prompt", "chosen", "rejected"]
                {"chosen": "a", "rejected": "b"}
                {"prompt": "x", "chosen": "", "rejected": "  "}
                {"prompt": 7, "chosen": "a", "rejected": ["b"]}
                {"prompt": "x", "chosen": "same", "rejected": "same"}
                {"prompt": null, "chosen": "a", "rejected": "b", "prompt": "again"}
                {"prompt": "fine", "chosen": "yes", "rejected": "no"}
                """);
        var r = PreferenceReader.read(file, null);
        assertEquals(List.of(
                new Seen(2, null, ProblemKind.MALFORMED_JSON),
                new Seen(3, null, ProblemKind.NOT_AN_OBJECT),
                new Seen(4, "prompt", ProblemKind.MISSING_FIELD),
                new Seen(5, "chosen", ProblemKind.EMPTY_FIELD),
                new Seen(5, "rejected", ProblemKind.EMPTY_FIELD),
                new Seen(6, "prompt", ProblemKind.WRONG_TYPE),
                new Seen(6, "rejected", ProblemKind.WRONG_TYPE),
                new Seen(7, "rejected", ProblemKind.IDENTICAL_COMPLETIONS),
                new Seen(8, null, ProblemKind.MALFORMED_JSON)), seen(r));
        assertEquals(9, r.recordsRead());
        assertEquals(7, r.badRecords());
        assertEquals(List.of(1, 9), r.records().stream().map(PreferenceRecord::line).toList());
        assertEquals("line 6: field 'rejected' should be a string, got a list", r.problems().get(6).toString());
        assertEquals("line 4: field 'prompt' is missing", r.problems().get(2).toString());
        assertTrue(r.problems().get(8).message().contains("Duplicate field 'prompt'"), r.problems().get(8).message());
    }

    @Test
    void implicitAlpacaAndConversationalProblemsNameTheirFields() throws IOException {
        Path implicit = DataFiles.write(dir, "implicit.jsonl", """
                {"chosen": "The sky is blue.", "rejected": "The sky is green."}
                {"chosen": "Yes.", "rejected": "No."}
                """);
        assertEquals(List.of(new Seen(2, "prompt", ProblemKind.NO_COMMON_PROMPT)),
                seen(PreferenceReader.read(implicit, null)));

        Path alpaca = DataFiles.write(dir, "alpaca.jsonl", """
                {"instruction": "Add.", "input": "2 3", "chosen": "5", "rejected": "6"}
                {"instruction": "", "input": 5, "chosen": "5", "rejected": "6"}
                """);
        assertEquals(List.of(new Seen(2, "instruction", ProblemKind.EMPTY_FIELD), new Seen(2, "input", ProblemKind.WRONG_TYPE)),
                seen(PreferenceReader.read(alpaca, null)));

        Path chat = DataFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "A"}], "rejected": [{"role": "assistant", "content": "B"}]}
                {"prompt": [], "chosen": "A", "rejected": [{"role": "assistant"}, 3]}
                {"prompt": [{"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "A"}], "rejected": [{"role": "assistant", "content": "A"}]}
                {"prompt": [{"role": "assistant", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "A"}], "rejected": [{"role": "assistant", "content": "B"}]}
                """);
        var r = PreferenceReader.read(chat, DataFiles.chatml());
        assertEquals(List.of(
                new Seen(2, "prompt", ProblemKind.EMPTY_FIELD),
                new Seen(2, "chosen", ProblemKind.WRONG_TYPE),
                new Seen(2, "rejected[0].content", ProblemKind.MISSING_FIELD),
                new Seen(2, "rejected[1]", ProblemKind.WRONG_TYPE),
                new Seen(3, "rejected", ProblemKind.IDENTICAL_COMPLETIONS),
                new Seen(4, null, ProblemKind.CHAT_TEMPLATE)), seen(r));
        assertTrue(r.problems().get(5).message().contains("Conversation roles must alternate"),
                r.problems().get(5).message());

        Path implicitChat = DataFiles.write(dir, "implicit-chat.jsonl", """
                {"chosen": [{"role": "user", "content": "Hi"}], "rejected": [{"role": "user", "content": "Yo"}]}
                """);
        assertEquals(List.of(new Seen(1, "prompt", ProblemKind.NO_COMMON_PROMPT)),
                seen(PreferenceReader.read(implicitChat, DataFiles.chatml())));
    }

    @Test
    void aSyntaxErrorInAJsonArrayIsABadRecordAtItsLineAndEndsTheReading() throws IOException {
        Path file = DataFiles.write(dir, "broken.json", """
                [
                  {"prompt": "a", "chosen": "b", "rejected": "c"},
                  {"prompt": "d", "chosen": "e" "rejected": "f"},
                  {"prompt": "g", "chosen": "h", "rejected": "i"}
                ]
                """);
        var r = PreferenceReader.read(file, null);
        assertEquals(List.of(new Seen(3, null, ProblemKind.MALFORMED_JSON)), seen(r));
        assertTrue(r.problems().get(0).message().endsWith("the rest of the file could not be read"),
                r.problems().get(0).message());
        assertEquals(1, r.records().size());
    }

    private String unusable(String name, String content) throws IOException {
        Path file = content == null ? dir.resolve(name) : DataFiles.write(dir, name, content);
        return assertThrows(DatasetFileException.class, () -> PreferenceReader.read(file, null)).getMessage();
    }

    @Test
    void aFileThatCannotBeUsedAtAllIsOneLineNamingIt() throws IOException {
        Path missing = dir.resolve("missing.jsonl");
        assertEquals(missing + ": no such file", unusable("missing.jsonl", null));
        assertEquals(dir.resolve("empty.jsonl") + ": the file is empty", unusable("empty.jsonl", "\n  \n"));
        assertEquals(dir.resolve("none.json") + ": the JSON array is empty", unusable("none.json", "[ ]"));
        assertTrue(unusable("text.txt", "chosen,rejected\na,b\n").startsWith(dir.resolve("text.txt")
                + ": not JSON or JSONL (line 1: "));
        assertTrue(unusable("sft.jsonl", "{\"prompt\": \"a\", \"completion\": \"b\"}\n").endsWith(
                "line 1 has the keys [prompt, completion]"));
        Files.write(dir.resolve("latin1.jsonl"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertEquals(dir.resolve("latin1.jsonl") + ": line 1: not valid UTF-8 text (JSON and JSONL must be UTF-8);"
                + " re-save the file as UTF-8", unusable("latin1.jsonl", null));
        for (String m : List.of(unusable("sft.jsonl", "{\"text\": \"a\"}\n"), unusable("text.txt", "a\nb\n"))) {
            assertEquals(1, m.lines().count(), m);
        }
    }

    @Test
    void conversationalDataWithAModelWithoutATemplateCannotBeUsed() throws IOException {
        Path chat = DataFiles.write(dir, "chat.jsonl", """
                {"chosen": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "A"}], "rejected": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "B"}]}
                """);
        String m = assertThrows(DatasetFileException.class, () -> PreferenceReader.read(chat,
                PreferenceReader.templateOf(DataFiles.shared("stories260k")))).getMessage();
        assertTrue(m.startsWith(chat + ": conversational data needs the model's chat template: "), m);
    }
}
