package org.preflab.app.gui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.RecordingNavigator;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.gui.project.TestProjects;

/**
 * The comparison results of the apl-vs-random sample read from its seeds.csv alone (as a fresh checkout has it),
 * checked against the results.csv that {@code preflab compare} wrote from the same runs; malformed lines; opening
 * the runs when they are there.
 */
class ComparisonResultsModelTest {
    @TempDir Path tmp;
    private final RecordingNavigator nav = new RecordingNavigator();

    private ComparisonResultsModel open(Path sample) {
        ComparisonResultsModel m = new ComparisonResultsModel(sample, ModelThreads.direct(), nav);
        m.load();
        return m;
    }

    @Test
    void everyArmsMeanStdAndNMatchTheResultsThePreflabCompareCommandWrote() throws Exception {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        ComparisonResultsModel m = open(sample);
        assertEquals("", m.errorProperty().get());
        ComparisonResultsModel.Loaded l = m.loadedProperty().get();
        assertEquals(List.of("eval_win_rate", "eval_oracle_reward"), l.summary().metrics());
        assertEquals(List.of(1, 2, 3, 4, 5), l.summary().seeds());
        assertEquals(10, l.summary().runs().size(), "2 arms x 5 seeds");
        int checked = 0;
        // results.csv: metric,labels_used,arm,n,mean,std — what results.md and the PNG charts show
        for (String line : Files.readAllLines(sample.resolve("compare/results.csv")).subList(1, 21)) {
            String[] f = line.split(",");
            SeedSummary.Point p = point(l.summary(), f[0], f[2], Double.parseDouble(f[1]));
            assertEquals(Integer.parseInt(f[3]), p.n(), line);
            assertEquals(Double.parseDouble(f[4]), p.mean(), 1e-12, line);
            assertEquals(Double.parseDouble(f[5]), p.std(), 1e-12, line);
            checked++;
        }
        assertEquals(20, checked);
        assertEquals(List.of(4.0, 8.0, 16.0, 32.0, 64.0), l.summary().xs("eval_win_rate"));
        assertEquals(new ComparisonResultsModel.TableRow("4", List.of("0.673 ± 0.099 (n=5)", "0.618 ± 0.109 (n=5)")),
                m.table("eval_win_rate").get(0), "as results.md writes it");
        assertEquals(5, m.table("eval_oracle_reward").size());
    }

    @Test
    void everyBundledSampleWithAComparisonOpensWithPointsForEachMetric() throws Exception {
        int samples = 0;
        try (var list = Files.list(TestProjects.samples())) {
            for (Path s : list.sorted().toList()) {
                if (!ComparisonResultsModel.hasResults(s)) {
                    continue;
                }
                ComparisonResultsModel m = open(s);
                assertEquals("", m.errorProperty().get(), s.toString());
                for (String metric : m.loadedProperty().get().summary().metrics()) {
                    assertFalse(m.table(metric).isEmpty(), s + " " + metric);
                }
                samples++;
            }
        }
        assertTrue(samples >= 2, "apl-vs-random and sdpo-steps");
    }

    @Test
    void withoutTheRunsTheResultsShowAndOpeningTheRunsIsOffWithTheReason() throws Exception {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        ComparisonResultsModel m = open(sample);
        assertTrue(m.loadedProperty().get().runDirs().isEmpty());
        assertFalse(m.canOpenRuns());
        assertTrue(m.runsNote().startsWith("The runs are not here"), m.runsNote());
        m.openRuns();
        assertTrue(nav.calls.isEmpty());
    }

    @Test
    void theRunsThatAreHereOpenTogetherInCompareAlignedByLabelsUsed() throws Exception {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        List<Path> made = new ArrayList<>();
        for (String run : List.of("random-seed-1-20261202-112804", "entropy-certainty-seed-2-20261202-112731",
                "entropy-certainty-seed-1-20261202-112706")) {
            Path d = Files.createDirectories(sample.resolve("compare/runs").resolve(run).resolve("checkpoints"))
                    .getParent();
            Files.writeString(d.resolve("config.json"), "{\"name\":\"" + run + "\"}");
            made.add(d);
        }
        ComparisonResultsModel m = open(sample);
        assertTrue(m.canOpenRuns());
        assertEquals("Only 3 of 10 runs are here", m.runsNote().substring(0, 26));
        m.openRuns();
        // by arm in compare.json's order, then seed
        assertEquals("openCompare " + List.of(made.get(2), made.get(1), made.get(0))
                + " LABELS [eval_win_rate, eval_oracle_reward]", nav.calls.get(0));
        assertEquals(Optional.of(sample.toAbsolutePath().normalize()), ComparisonResultsModel.sampleOfRuns(made));
        assertEquals(Optional.empty(), ComparisonResultsModel.sampleOfRuns(List.of(made.get(0), tmp)));
    }

    @Test
    void aMalformedLineIsAnErrorNamingTheFileLineAndField() throws Exception {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        Path seeds = sample.resolve("compare/seeds.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(seeds));
        lines.set(2, lines.get(2).replace(",0.62890625,", ",0.6289O625,")); // a letter O for a zero
        Files.write(seeds, lines, StandardCharsets.UTF_8);
        ComparisonResultsModel m = open(sample);
        assertNull(m.loadedProperty().get());
        assertEquals(seeds + ":3: field 'value': '0.6289O625' is not a number", m.errorProperty().get());

        lines.set(2, "eval_win_rate,8,entropy + certainty,1,0.6");
        Files.write(seeds, lines, StandardCharsets.UTF_8);
        m.load();
        assertEquals(seeds + ":3: 5 fields; expected 6 (metric,labels_used,arm,seed,value,run)",
                m.errorProperty().get());

        lines.set(2, "eval_win_rate,eight,entropy + certainty,1,0.6,r");
        Files.write(seeds, lines, StandardCharsets.UTF_8);
        m.load();
        assertEquals(seeds + ":3: field 'labels_used': 'eight' is not a number", m.errorProperty().get());

        lines.set(2, "eval_win_rate,8,entropy + certainty,1.5,0.6,r");
        Files.write(seeds, lines, StandardCharsets.UTF_8);
        m.load();
        assertEquals(seeds + ":3: field 'seed': '1.5' is not a seed (a whole number >= 0)", m.errorProperty().get());

        lines.set(0, "metric,step,arm,seed,value,run");
        Files.write(seeds, lines, StandardCharsets.UTF_8);
        m.load();
        assertTrue(m.errorProperty().get().startsWith(seeds + ":1: header is 'metric,step,arm,seed,value,run'; "
                + "expected 'metric,labels_used,arm,seed,value,run'"), m.errorProperty().get());
    }

    @Test
    void quotedLabelsEmptyValuesAndRowsOfOtherArmsAreReadAsPreflabCompareMeantThem() throws Exception {
        Path f = tmp.resolve("seeds.csv");
        Files.writeString(f, String.join("\n", "metric,step,arm,seed,value,run",
                "loss,10,\"a, \"\"quoted\"\"\",1,1.0,r1",
                "loss,10,\"a, \"\"quoted\"\"\",2,3.0,r2",
                "loss,10,\"a, \"\"quoted\"\"\",3,,r3",
                "loss,20,\"a, \"\"quoted\"\"\",1,2.0,r1",
                "loss,10,gone,1,9.0,r9",
                "old_metric,10,b,1,9.0,r4",
                "loss,10,b,1,5.0,r4", ""));
        List<SeedsCsv.Row> rows = SeedsCsv.read(f, "step");
        assertEquals("a, \"quoted\"", rows.get(0).arm());
        assertTrue(Double.isNaN(rows.get(2).value()));
        SeedSummary s = SeedSummary.of(rows, List.of("loss"), List.of("a, \"quoted\"", "b"));
        assertEquals(2, s.leftOut(), "an arm and a metric compare.json does not list");
        SeedSummary.Point p = point(s, "loss", "a, \"quoted\"", 10);
        assertEquals(2, p.n(), "seed 3 wrote no value at step 10");
        assertEquals(2.0, p.mean(), 1e-12);
        assertEquals(Math.sqrt(2), p.std(), 1e-12);
        assertTrue(Double.isNaN(point(s, "loss", "b", 10).std()), "one seed: no spread");
        assertEquals("5.000 (n=1)", ComparisonResultsModel.cell(point(s, "loss", "b", 10)));
        assertEquals(2, s.seedCountRange("loss")[1]);
        assertEquals(1, s.seedCountRange("loss")[0]);

        Files.writeString(f, "metric,step,arm,seed,value,run\nloss,10,\"a, b,1,1.0,r1\n");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> SeedsCsv.read(f, "step"));
        assertEquals(f + ":2: field 'arm' opens a quote that is never closed", e.getMessage());
    }

    private static SeedSummary.Point point(SeedSummary s, String metric, String arm, double x) {
        return s.curves(metric).stream().filter(c -> c.arm().equals(arm)).findFirst().orElseThrow().points()
                .stream().filter(p -> p.x() == x).findFirst().orElseThrow(() -> new AssertionError(metric + " "
                        + arm + " " + x));
    }
}
