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

/** Real-data traps: an empty final reply after an implicit prompt, and a file that is not UTF-8 somewhere. */
class BlankAndEncodingProblemsTest {
    @TempDir Path dir;

    @Test
    void aBlankResponseAfterTheSharedPromptIsABadRecordByLine() throws IOException {
        Path file = DataFiles.write(dir, "hh.jsonl", """
                {"chosen": "\\n\\nHuman: hi\\n\\nAssistant: hello there", "rejected": "\\n\\nHuman: hi\\n\\nAssistant: go away"}
                {"chosen": "\\n\\nHuman: hi\\n\\nAssistant:", "rejected": "\\n\\nHuman: hi\\n\\nAssistant: go away"}
                """);
        var r = PreferenceReader.read(file, null);
        RecordProblem p = r.problems().get(0);
        assertEquals(2, p.line(), r.problems().toString());
        assertEquals("chosen", p.field());
        assertTrue(p.message().contains("blank after the shared prompt"), p.message());
        assertEquals(1, r.records().size());
        Path chat = DataFiles.write(dir, "chat.jsonl", """
                {"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": " "}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
                """);
        RecordProblem c = PreferenceReader.read(chat, null).problems().get(0);
        assertEquals("chosen", c.field());
        assertTrue(c.message().contains("blank after the shared prompt"), c.message());
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        byte[] good = "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n".getBytes();
        byte[] bad = "{\"prompt\": \"caf\u00e9\", \"chosen\": \"b\", \"rejected\": \"c\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, concat(good, good, bad));
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> PreferenceReader.read(file, null));
        assertTrue(e.getMessage().contains("line 3: not valid UTF-8"), e.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
