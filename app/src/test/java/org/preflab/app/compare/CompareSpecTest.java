package org.preflab.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.project.TestProjects;

/** compare.json: the bundled sample's reads back, and each mistake is named by file, line and field. */
class CompareSpecTest {
    @TempDir Path tmp;

    @Test
    void theAplSampleDeclaresTwoArmsThreeSeedsAndAQuickVersion() throws IOException {
        CompareSpec spec = CompareSpec.load(TestProjects.samples().resolve("apl-vs-random"));
        assertEquals(CompareSpec.Axis.LABELS_USED, spec.x());
        assertEquals(List.of("entropy + certainty", "random"), spec.arms().stream().map(CompareSpec.Arm::label).toList());
        assertEquals(List.of(1, 2, 3), ComparePlan.seeds(spec, false, null));
        assertEquals(List.of(1, 2), ComparePlan.seeds(spec, true, null));
        assertEquals(List.of(1, 2, 3, 4, 5), ComparePlan.seeds(spec, false, 5));
        assertTrue(spec.quick().set().contains("apl.budgets=[2,4]"), spec.quick().set().toString());
    }

    @Test
    void mistakesNameFileLineAndField() throws IOException {
        Files.writeString(tmp.resolve("a.json"), "{}");
        String arms = "\"arms\": [{\"label\": \"a\", \"config\": \"a.json\"},\n"
                + "  {\"label\": \"b\", \"config\": \"missing.json\"}]";
        assertProblem("{\"title\": \"t\", \"x\": \"labels_used\", \"metrics\": [\"eval_win_rate\"],\n" + arms + "}",
                ":3: field 'arms[1].config': 'missing.json': no such file");
        assertProblem("{\"title\": \"t\",\n \"x\": \"labels\", \"metrics\": [\"m\"]}",
                ":2: field 'x': 'labels': expected labels_used or step");
        assertProblem("{\"title\": \"t\", \"x\": \"step\", \"metrics\": [\"m\"],\n \"seed\": [1]}",
                ":2: field 'seed': unknown key; known keys here: arms, metrics, quick, seeds, title, x");
        assertProblem("{\"title\": \"t\", \"x\": \"step\", \"metrics\": [\"m\"],\n"
                + "\"arms\": [{\"label\": \"a\", \"config\": \"a.json\"}, {\"label\": \"a\", \"config\": \"a.json\"}]}",
                ":2: field 'arms[1].label': 'a' is the label of an earlier arm");
        assertProblem("{\"title\": \"t\", \"x\": \"step\", \"metrics\": [\"m\"],\n"
                + "\"arms\": [{\"label\": \"a\", \"config\": \"a.json\"}, {\"label\": \"b\", \"config\": \"a.json\"}],\n"
                + "\"seeds\": [1,\n 1.5]}", ":4: field 'seeds[1]': 1.5: a seed is a whole number >= 0");
    }

    @Test
    void anOverrideThatDoesNotFitNamesTheArm() throws IOException {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        String text = Files.readString(sample.resolve("compare.json")).replace("\"apl.budgets\"", "\"apl.budgetz\"");
        Files.writeString(sample.resolve("compare.json"), text);
        CompareSpec spec = CompareSpec.load(sample);
        IOException e = assertThrows(IOException.class, () -> ComparePlan.of(spec, List.of(1), true));
        assertTrue(e.getMessage().contains("arm 'entropy + certainty' (experiment.json) with quick")
                && e.getMessage().contains("budgetz"), e.getMessage());
    }

    private void assertProblem(String json, String expected) throws IOException {
        Path f = tmp.resolve("compare.json");
        Files.writeString(f, json);
        IOException e = assertThrows(IOException.class, () -> CompareSpec.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), e.getMessage());
    }
}
