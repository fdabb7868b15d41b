package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.data.PreferenceRecord.Rendering;
import org.preflab.engine.spi.ProblemKind;

/** Each format, from JSONL and from a JSON array, detected per file and read into prompt/chosen/rejected text. */
class PreferenceReaderFormatsTest {
    @TempDir Path dir;

    private PreferenceReader.ReadResult read(String name, String content) throws IOException {
        return PreferenceReader.read(DataFiles.write(dir, name, content), null);
    }

    private static void assertRecord(PreferenceRecord r, int line, String prompt, String chosen, String rejected,
            Rendering rendering) {
        assertEquals(line, r.line(), "line");
        assertEquals(prompt, r.prompt(), "prompt");
        assertEquals(chosen, r.chosen(), "chosen");
        assertEquals(rejected, r.rejected(), "rejected");
        assertEquals(rendering, r.rendering(), "rendering");
    }

    @Test
    void standardJsonlKeepsTextAsWrittenAndSkipsBlankLines() throws IOException {
        var r = read("pairs.jsonl", """
                {"prompt": "The sky is", "chosen": " blue.", "rejected": " green.", "score": 3}

                {"prompt": "2+2=", "chosen": "4", "rejected": "5"}
                """);
        assertEquals("standard", r.format().id());
        assertEquals(1, r.formatLine());
        assertEquals(2, r.recordsRead());
        assertTrue(r.allGood(), r.problems().toString());
        assertRecord(r.records().get(0), 1, "The sky is", " blue.", " green.", Rendering.PLAIN);
        assertRecord(r.records().get(1), 3, "2+2=", "4", "5", Rendering.PLAIN);
        assertEquals(dir.resolve("pairs.jsonl"), r.records().get(1).source());
    }

    @Test
    void aJsonArrayGivesEachRecordTheLineItsObjectStartsOn() throws IOException {
        var r = read("pairs.json", """
                [
                  {"prompt": "The sky is", "chosen": " blue.", "rejected": " green."},
                  {
                    "prompt": "2+2=",
                    "chosen": "4",
                    "rejected": "5"
                  }
                ]
                """);
        assertEquals("standard", r.format().id());
        assertRecord(r.records().get(0), 2, "The sky is", " blue.", " green.", Rendering.PLAIN);
        assertRecord(r.records().get(1), 3, "2+2=", "4", "5", Rendering.PLAIN);
    }

    @Test
    void implicitPromptIsTheCommonBeginningOfChosenAndRejected() throws IOException {
        var r = read("implicit.jsonl", """
                {"chosen": "The sky is blue.", "rejected": "The sky is green."}
                {"chosen": "Q: 2+2? A: 4", "rejected": "Q: 2+2? A: 22"}
                """);
        assertEquals("implicit_prompt", r.format().id());
        assertRecord(r.records().get(0), 1, "The sky is", " blue.", " green.", Rendering.PLAIN);
        // "4" vs "2" differ at index 11; index 10 is a space.
        assertRecord(r.records().get(1), 2, "Q: 2+2? A:", " 4", " 22", Rendering.PLAIN);
    }

    @Test
    void alpacaPromptIsTheInstructionThenTheInputEachFollowedByABlankLine() throws IOException {
        var r = read("alpaca.json", """
                [{"instruction": "Add 2 and 3.", "input": "", "chosen": "5", "rejected": "6"},
                 {"instruction": "Translate to French.", "input": "cat", "chosen": "chat", "rejected": "chien"},
                 {"instruction": "Name a colour.", "chosen": "Red", "rejected": "Seven"},
                 {"instruction": "Name a fruit.", "input": null, "chosen": "Apple", "rejected": "Car"},
                 {"instruction": "Name a tree.", "input": "  ", "chosen": "Oak", "rejected": "Rose"}]
                """);
        assertEquals("alpaca", r.format().id());
        assertTrue(r.allGood(), r.problems().toString());
        assertRecord(r.records().get(0), 1, "Add 2 and 3.\n\n", "5", "6", Rendering.PLAIN);
        assertRecord(r.records().get(1), 2, "Translate to French.\n\ncat\n\n", "chat", "chien", Rendering.PLAIN);
        assertRecord(r.records().get(2), 3, "Name a colour.\n\n", "Red", "Seven", Rendering.PLAIN);
        assertRecord(r.records().get(3), 4, "Name a fruit.\n\n", "Apple", "Car", Rendering.PLAIN);
        assertRecord(r.records().get(4), 5, "Name a tree.\n\n", "Oak", "Rose", Rendering.PLAIN);
    }

    private static final String CHATML_PROMPT = "<s><|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";

    @Test
    void conversationalRecordsAreRenderedWithTheChatTemplate() throws IOException {
        Path file = DataFiles.write(dir, "chat.jsonl", """
                {"prompt": [{"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "Hello!"}], "rejected": [{"role": "assistant", "content": "Go away."}]}
                """);
        var r = PreferenceReader.read(file, DataFiles.chatml());
        assertEquals("conversational", r.format().id());
        assertRecord(r.records().get(0), 1, CHATML_PROMPT, "Hello!<|im_end|>\n", "Go away.<|im_end|>\n",
                Rendering.CHAT_TEMPLATE);
    }

    @Test
    void implicitConversationsShareTheirFirstMessagesAsThePrompt() throws IOException {
        Path file = DataFiles.write(dir, "chat.json", """
                [{"chosen": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}],
                  "rejected": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Go away."}]}]
                """);
        var r = PreferenceReader.read(file, DataFiles.chatml());
        assertEquals("implicit_conversational", r.format().id());
        assertRecord(r.records().get(0), 1, CHATML_PROMPT, "Hello!<|im_end|>\n", "Go away.<|im_end|>\n",
                Rendering.CHAT_TEMPLATE);
    }

    @Test
    void withoutATemplateConversationsBecomeTranscripts() throws IOException {
        var r = read("chat.jsonl", """
                {"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "Hello!"}], "rejected": [{"role": "assistant", "content": "Go away."}]}
                """);
        assertRecord(r.records().get(0), 1, "system: Be brief.\nuser: Hi\n", "assistant: Hello!\n",
                "assistant: Go away.\n", Rendering.TRANSCRIPT);
    }

    @Test
    void theFormatComesFromTheFirstRecordThatHasOneAndBindsTheRest() throws IOException {
        var r = read("mixed.jsonl", """
                {"prompt": "broken
                {"chosen": 1, "rejected": 2}
                {"chosen": "The sky is blue.", "rejected": "The sky is green."}
                {"prompt": "2+2=", "chosen": "4", "rejected": "5"}
                """);
        assertEquals("implicit_prompt", r.format().id());
        assertEquals(3, r.formatLine());
        assertEquals(4, r.recordsRead());
        // Line 4 carries its own prompt: a record of another format, reported rather than silently re-split.
        assertEquals(List.of(3), r.records().stream().map(PreferenceRecord::line).toList());
        assertEquals(List.of(1, 2, 2, 4), r.problems().stream().map(RecordProblem::line).toList());
        assertEquals(ProblemKind.FORMAT_MISMATCH, r.problems().get(3).kind());
        assertEquals("prompt", r.problems().get(3).field());
    }

    @Test
    void eachFormatIsRecognisedFromItsKeys() throws IOException {
        String chat = "[{\"role\": \"user\", \"content\": \"x\"}]";
        String[][] cases = {
            {"{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}", "standard"},
            {"{\"chosen\": \"a\", \"rejected\": \"b\"}", "implicit_prompt"},
            {"{\"prompt\": " + chat + ", \"chosen\": " + chat + ", \"rejected\": " + chat + "}", "conversational"},
            {"{\"chosen\": " + chat + ", \"rejected\": " + chat + "}", "implicit_conversational"},
            {"{\"instruction\": \"i\", \"chosen\": \"a\", \"rejected\": \"b\"}", "alpaca"},
            {"{\"instruction\": \"i\", \"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}", "alpaca"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], read("f.jsonl", c[0] + "\n").format().id(), c[0]);
        }
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreRead() throws IOException {
        var r = read("crlf.jsonl", "\uFEFF{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\r\n"
                + "{\"prompt\": \"d\", \"chosen\": \"e\", \"rejected\": \"f\"}\r\n");
        assertTrue(r.allGood(), r.problems().toString());
        assertRecord(r.records().get(1), 2, "d", "e", "f", Rendering.PLAIN);
    }
}
