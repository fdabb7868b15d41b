package org.preflab.examples.shp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.FieldProblem;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.ProblemKind;
import org.preflab.engine.spi.RecordFields;

/** The SHP format on records as PrefLab hands them over: JSON decoded to maps, strings and numbers. */
class ShpFormatTest {
    private final ShpFormat format = new ShpFormat();

    /** A record as SHP has it, extra columns included. */
    private static Map<String, Object> record(Object label) {
        Map<String, Object> r = new HashMap<>();
        r.put("post_id", "himc90");
        r.put("domain", "askacademia_train");
        r.put("history", "How do I ask my advisor for more feedback?");
        r.put("human_ref_A", "Book a short meeting and bring specific questions.");
        r.put("human_ref_B", "Just wait, they will tell you eventually.");
        r.put("score_A", 52);
        r.put("score_B", 24);
        r.put("labels", label);
        return r;
    }

    @Test
    void recognisesShpRecordsAndNotTrlOnes() {
        assertTrue(format.recognises(record(1)));
        assertFalse(format.recognises(Map.of("prompt", "p", "chosen", "a", "rejected", "b")));
        Map<String, Object> noLabels = record(1);
        noLabels.remove("labels");
        assertFalse(format.recognises(noLabels), "without labels there is no preference to read");
    }

    @Test
    void theLabelSaysWhichAnswerIsChosen() {
        PreferenceExample.Text aWins = (PreferenceExample.Text) format.read(new RecordFields(record(1)));
        assertEquals("How do I ask my advisor for more feedback?\n\n", aWins.prompt());
        assertEquals("Book a short meeting and bring specific questions.", aWins.chosen());
        assertEquals("Just wait, they will tell you eventually.", aWins.rejected());

        PreferenceExample.Text bWins = (PreferenceExample.Text) format.read(new RecordFields(record(0)));
        assertEquals(aWins.chosen(), bWins.rejected());
        assertEquals(aWins.rejected(), bWins.chosen());
    }

    @Test
    void aBadRecordNamesEveryFieldToFix() {
        Map<String, Object> r = record(2);
        r.remove("history");
        r.put("human_ref_B", 7);
        RecordFields fields = new RecordFields(r);

        assertNull(format.read(fields));
        assertEquals(List.of(
                new FieldProblem("history", ProblemKind.MISSING_FIELD, "field 'history' is missing"),
                new FieldProblem("human_ref_B", ProblemKind.WRONG_TYPE,
                        "field 'human_ref_B' should be a string, got a number"),
                new FieldProblem("labels", ProblemKind.BAD_VALUE,
                        "field 'labels' should be 1 (answer A preferred) or 0 (answer B preferred), got 2")),
                fields.problems());

        RecordFields textLabel = new RecordFields(record("1"));
        assertNull(format.read(textLabel));
        assertEquals(List.of(new FieldProblem("labels", ProblemKind.WRONG_TYPE,
                "field 'labels' should be a number, got a string")), textLabel.problems());
    }

    @Test
    void theJarRegistersTheFormatAsAService() {
        List<String> ids = ServiceLoader.load(DatasetFormat.class).stream().map(p -> p.get().id()).toList();
        assertEquals(List.of("shp"), ids, "META-INF/services/org.preflab.engine.spi.DatasetFormat lists ShpFormat");
    }
}
