package org.preflab.app.gui.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.engine.data.LengthLimits;

/** The dataset view's state, without a window: rows, filter, report linked to lines, lengths. */
class DatasetViewModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private static DatasetViewModel loaded(Path file, Path model, LengthLimits limits) {
        DatasetViewModel vm = new DatasetViewModel(file, model, limits, Runnable::run, Runnable::run);
        vm.load();
        return vm;
    }

    @Test
    void filterFindsTextInAnyColumnIgnoringCaseAndLinesByNumber() throws Exception {
        Path file = TestProjects.samples().resolve("tinystories-dpo/data/pairs.jsonl");
        DatasetViewModel vm = loaded(file, null, LengthLimits.NONE);
        assertEquals(64, vm.rows().size());
        long withLily = Files.readAllLines(file).stream().filter(l -> l.toLowerCase().contains("lily")).count();
        assertTrue(withLily > 0 && withLily < 64);

        vm.filterProperty().set("LILY");
        assertEquals(withLily, vm.rows().size());
        assertEquals(withLily, vm.shownProperty().get());
        assertTrue(vm.rows().stream().allMatch(r -> (r.prompt() + r.chosen() + r.rejected()).toLowerCase().contains("lily")));

        vm.filterProperty().set("17");
        assertTrue(vm.rows().stream().anyMatch(r -> r.line() == 17), "a number finds its line");
        vm.filterProperty().set("no such words anywhere");
        assertEquals(0, vm.rows().size());
        vm.filterProperty().set("");
        assertEquals(64, vm.rows().size());
        assertEquals("64 records (TRL standard (prompt, chosen, rejected), detected at line 1): 64 good, 0 bad",
                vm.summaryProperty().get());
    }

    @Test
    void reportItemsLinkToTheirRowsAndBadRecordsAreRows() throws Exception {
        Path file = tmp.resolve("pairs.jsonl");
        Files.write(file, List.of(
                pair("Tom went out.", " He smiled.", " He cried."),
                pair("Sue sat down.", " She read.", " She slept."),
                "{\"prompt\": \"Max ran.\", \"chosen\": \"\", \"rejected\": \" He fell.\"}",
                pair("Mia ate.", " It was good.", " It was bad."),
                "{\"prompt\": \"broken",
                pair("Tom went out.", " He smiled.", " He cried.")));
        DatasetViewModel vm = loaded(file, null, LengthLimits.NONE);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), vm.rows().stream().map(PairRow::line).toList(), "bad records are rows too");
        PairRow bad = vm.rows().get(4);
        assertTrue(bad.bad() && bad.prompt().contains("broken"), "a bad record shows its raw line");

        List<ReportItem> report = vm.report();
        ReportItem empty = report.stream().filter(i -> i.firstLine() == 3).findFirst().orElseThrow();
        assertEquals(ReportItem.Severity.ERROR, empty.severity());
        assertTrue(empty.text().startsWith("line 3: "), empty.text());
        ReportItem malformed = report.stream().filter(i -> i.firstLine() == 5).findFirst().orElseThrow();
        assertTrue(malformed.text().contains("malformed JSON"), malformed.text());
        ReportItem dup = report.stream().filter(i -> i.text().startsWith("duplicate")).findFirst().orElseThrow();
        assertEquals(List.of(1, 6), dup.lines());

        vm.filterProperty().set("Mia");
        assertEquals(1, vm.rows().size());
        int i = vm.viewIndexOf(5);
        assertEquals("", vm.filterProperty().get(), "a row hidden by the filter is shown again");
        assertEquals(5, vm.rows().get(i).line());
        assertEquals(-1, vm.viewIndexOf(99));
        assertTrue(vm.limitsProperty().get().startsWith("Lengths in characters"), vm.limitsProperty().get());
    }

    @Test
    void withTheProjectsModelLengthsAreTokensAndLimitsAreChecked() throws Exception {
        Path project = TestProjects.copySample(tmp);
        DatasetViewModel vm = DatasetViewModel.forFile(project.resolve("data/pairs.jsonl"), Runnable::run, Runnable::run);
        vm.load();
        assertEquals(project.resolve("model"), vm.modelDir());
        LengthStats s = vm.lengthsProperty().get();
        assertEquals("tokens", s.unit());
        assertEquals(64, java.util.Arrays.stream(s.counts()[0]).sum(), "every good pair in the prompt histogram");
        assertTrue(vm.limitsProperty().get().contains("max_length 128"), vm.limitsProperty().get());
        assertTrue(vm.limitsProperty().get().contains("0 of 64 pairs would be truncated"), vm.limitsProperty().get());

        // a limit below the longest prompt drops and truncates, and the report lists those lines
        DatasetViewModel tight = loaded(project.resolve("data/pairs.jsonl"), project.resolve("model"),
                new LengthLimits(s.median()[0] + 2, 0));
        assertTrue(tight.report().stream().anyMatch(r -> r.severity() == ReportItem.Severity.NOTE
                && r.text().contains("would be truncated") && !r.lines().isEmpty()), tight.report().toString());
    }

    @Test
    void anUnusableFileSaysWhyAndShowsNoRows() throws Exception {
        Path file = tmp.resolve("empty.jsonl");
        Files.writeString(file, "\n");
        DatasetViewModel vm = loaded(file, null, LengthLimits.NONE);
        assertTrue(vm.errorProperty().get().contains("empty.jsonl: the file is empty"), vm.errorProperty().get());
        assertEquals(0, vm.rows().size());
        assertNull(vm.lengthsProperty().get());
    }

    /**
     * 100,000 pairs: reading (the table is usable then) and filtering, timed. The token report is not: it takes
     * about 0.6 ms a pair (60 s here), in the background after a character report.
     */
    @Test
    void hundredThousandPairsLoadAndFilterQuickly() throws Exception {
        Path file = tmp.resolve("big.jsonl");
        List<String> lines = new ArrayList<>(100_000);
        String[] names = {"Lily", "Tom", "Sue", "Max", "Ben", "Mia"};
        for (int i = 0; i < 100_000; i++) {
            String who = names[i % names.length];
            lines.add(pair("Once upon a time, there was a child named " + who + " number " + i + ".",
                    " " + who + " shared the toy with a friend.", " " + who + " broke the toy."));
        }
        Files.write(file, lines);
        Path model = TestProjects.samples().resolve("tinystories-dpo/model");

        long t0 = System.nanoTime();
        DatasetLoader.Table table = DatasetLoader.readTable(file, model);
        long t1 = System.nanoTime();
        DatasetViewModel vm = loaded(file, null, LengthLimits.NONE);
        long t2 = System.nanoTime();
        vm.filterProperty().set("number 4242");
        long t3 = System.nanoTime();

        assertEquals(100_000, table.rows().size());
        assertEquals(11, vm.rows().size(), "4242 and 42420-42429");
        assertEquals(100_000, java.util.Arrays.stream(vm.lengthsProperty().get().counts()[1]).sum());
        System.out.printf("100,000 pairs: read %.2f s; view-model load (read + rows + character report) %.2f s; "
                + "filter %.3f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        assertTrue((t1 - t0) / 1e9 < 10, "reading 100,000 pairs took " + (t1 - t0) / 1e9 + " s");
        assertTrue((t3 - t2) / 1e9 < 2, "filtering 100,000 pairs took " + (t3 - t2) / 1e9 + " s");
    }

    private static String pair(String prompt, String chosen, String rejected) throws Exception {
        return JSON.writeValueAsString(Map.of("prompt", prompt, "chosen", chosen, "rejected", rejected));
    }
}
