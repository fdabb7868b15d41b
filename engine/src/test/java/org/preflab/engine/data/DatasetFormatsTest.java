package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.ProblemKind;
import org.preflab.engine.spi.RecordFields;

/**
 * A dataset format beside the built-ins, as a plugin adds one: files of its shape are read by it, each record's
 * example goes through the checks every format shares, and a format's bug costs one record, not the file.
 */
class DatasetFormatsTest {
    @TempDir Path tmp;

    /** {"question", "good", "bad"}: a QA preference shape no built-in claims; "boom" in good makes read() throw. */
    static class QaFormat implements DatasetFormat {
        @Override public String id() { return "qa"; }
        @Override public String description() { return "test: question, good, bad"; }
        @Override public boolean recognises(Map<String, Object> r) { return r.containsKey("question"); }
        @Override public PreferenceExample read(RecordFields r) {
            String q = r.text("question", true);
            String good = r.text("good", true);
            String bad = r.text("bad", true);
            if ("boom".equals(good)) {
                throw new IllegalStateException("unexpected answer");
            }
            if ("silent".equals(good)) {
                return null; // a buggy format: no pair, no problem
            }
            return r.hasProblems() ? null : PreferenceExample.text("Q: " + q + "\nA:", " " + good, " " + bad);
        }
    }

    /** A format whose check throws on every record: it must not make other formats' files unreadable. */
    static final class BrokenCheck implements DatasetFormat {
        @Override public String id() { return "broken_check"; }
        @Override public String description() { return "test: recognises() throws"; }
        @Override public boolean recognises(Map<String, Object> r) { throw new NullPointerException("oops"); }
        @Override public PreferenceExample read(RecordFields r) { return null; }
    }

    private static DatasetFormats builtInsPlus(DatasetFormat... more) {
        DatasetFormats formats = DatasetFormats.load(DatasetFormatsTest.class.getClassLoader());
        for (DatasetFormat f : more) {
            formats.register(f);
        }
        return formats;
    }

    @Test
    void theBuiltInsRegisterThroughServicesInRecognitionOrder() {
        DatasetFormats formats = DatasetFormats.load(DatasetFormatsTest.class.getClassLoader());
        assertEquals(List.of("standard", "implicit_prompt", "conversational", "implicit_conversational", "alpaca"),
                formats.inRecognitionOrder().stream().map(DatasetFormat::id).toList());
        assertEquals(List.of(), formats.problems());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> formats.register(new QaFormat() {
                    @Override public String id() { return "alpaca"; }
                }));
        assertTrue(e.getMessage().startsWith("dataset format 'alpaca' is provided by both "), e.getMessage());
    }

    @Test
    void aFileOfTheAddedShapeIsReadByItAndCheckedLikeAnyOther() throws IOException {
        Path f = DataFiles.write(tmp, "qa.jsonl", String.join("\n",
                "{\"question\": \"2+2?\", \"good\": \"4\", \"bad\": \"5\"}",
                "{\"question\": \"Sky?\", \"good\": \"blue\", \"bad\": \"blue\"}",
                "{\"question\": \"\", \"good\": \"x\", \"bad\": \"y\"}",
                "{\"question\": \"Why?\", \"good\": \"boom\", \"bad\": \"y\"}",
                "{\"question\": \"Who?\", \"good\": \"silent\", \"bad\": \"y\"}", ""));
        PreferenceReader.ReadResult r = PreferenceReader.read(f, null, builtInsPlus(new BrokenCheck(), new QaFormat()));

        assertEquals("qa", r.format().id());
        assertEquals(1, r.records().size());
        assertEquals(List.of("Q: 2+2?\nA:", " 4", " 5"), List.of(r.records().get(0).prompt(),
                r.records().get(0).chosen(), r.records().get(0).rejected()));
        assertEquals(List.of(ProblemKind.IDENTICAL_COMPLETIONS, ProblemKind.EMPTY_FIELD, ProblemKind.BAD_VALUE,
                ProblemKind.BAD_VALUE), r.problems().stream().map(RecordProblem::kind).toList());
        assertEquals("line 4: format 'qa' failed on this record: java.lang.IllegalStateException: unexpected answer",
                r.problems().get(2).toString());
        assertEquals("line 5: format 'qa' read no pair from this record and gave no reason",
                r.problems().get(3).toString());
    }

    @Test
    void builtInShapesStayWithTheBuiltInsAndUnknownShapesNameTheAddedFormats() throws IOException {
        DatasetFormats formats = builtInsPlus(new BrokenCheck(), new QaFormat());
        Path trl = DataFiles.write(tmp, "trl.jsonl", "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}\n");
        assertEquals("standard", PreferenceReader.read(trl, null, formats).format().id());

        Path other = DataFiles.write(tmp, "other.jsonl", "{\"text\": \"no pair here\"}\n");
        DatasetFileException e = assertThrows(DatasetFileException.class,
                () -> PreferenceReader.read(other, null, formats));
        assertTrue(e.getMessage().contains("or a shape of a plugin format (broken_check: test: recognises() throws; "
                + "qa: test: question, good, bad); line 1 has the keys [text]"), e.getMessage());
    }
}
