package org.preflab.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.cli.CliRun;
import org.preflab.app.gui.project.TestProjects;

/** {@code preflab compare --quick} on a copy of the apl-vs-random sample: tables and charts, then a redraw only. */
class CompareCommandTest {
    @TempDir Path tmp;

    @Test
    void quickComparisonWritesTablesAndChartsAndReusesItsRuns() throws Exception {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");

        CliRun first = CliRun.of("compare", sample.toString(), "--quick");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("4 runs trained, 0 reused"), first.out());
        Path out = sample.resolve("compare");
        assertTrue(first.out().contains("results: " + out.resolve("results.md")), first.out());

        // results.csv: per metric, x (labels used: the quick budgets 2 and 4) and arm, two seeds each
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("metric,labels_used,arm,n,mean,std", rows.get(0));
        Set<String> keys = rows.stream().skip(1).map(r -> String.join(",", List.of(r.split(",")).subList(0, 4)))
                .collect(Collectors.toSet());
        for (String metric : List.of("eval_win_rate", "eval_oracle_reward")) {
            for (String arm : List.of("entropy + certainty", "random")) {
                for (String x : List.of("2", "4")) {
                    assertTrue(keys.contains(metric + "," + x + "," + arm + ",2"), metric + " " + arm + " " + x
                            + " with n=2 missing from " + rows);
                }
            }
        }
        // seeds.csv: every seed's own value, seeds 1 and 2 of quick
        List<String> seeds = Files.readAllLines(out.resolve("seeds.csv"));
        assertEquals(Set.of("1", "2"), seeds.stream().skip(1).map(r -> r.split(",")[3]).collect(Collectors.toSet()));

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| labels used | entropy + certainty | random |"), md);
        assertTrue(md.contains("(n=2)") && md.contains("seeds 1, 2"), md);
        for (String png : List.of("eval_win_rate.png", "eval_oracle_reward.png")) {
            byte[] bytes = Files.readAllBytes(out.resolve(png));
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
            assertTrue(md.contains("](" + png + ")"), md);
        }

        CliRun again = CliRun.of("compare", sample.toString(), "--quick");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 runs trained, 4 reused"), again.out());
    }

    @Test
    void stepwiseAgainstAllAtOnceDpoIsComparedByStep() throws Exception {
        Path sample = TestProjects.copySample(tmp, "sdpo-steps");

        CliRun run = CliRun.of("compare", sample.toString(), "--quick");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("4 runs trained, 0 reused"), run.out());
        Path out = sample.resolve("compare");

        // each arm evaluates at its own steps (sDPO also at the end of each step), every cell with both seeds
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("metric,step,arm,n,mean,std", rows.get(0));
        for (String arm : List.of("\"sDPO, 2 steps\"", "\"DPO, all at once\"")) {
            List<String> armRows = rows.stream().filter(r -> r.startsWith("eval_logps/chosen,") && r.contains("," + arm + ","))
                    .toList();
            assertTrue(!armRows.isEmpty() && armRows.stream().allMatch(r -> r.contains("," + arm + ",2,")), arm + " " + rows);
        }
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| step | sDPO, 2 steps | DPO, all at once |"), md);
        for (String png : List.of("eval_win_rate.png", "eval_logps_chosen.png", "eval_logps_rejected.png",
                "eval_rewards_accuracies.png")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        assertWinRates(out, List.of("\"sDPO, 2 steps\"", "\"DPO, all at once\""));
    }

    @Test
    void spoAgainstDpoIsJudgedByTheOracle() throws Exception {
        Path sample = TestProjects.copySample(tmp, "spo-vs-dpo");
        CliRun run = CliRun.of("compare", sample.toString(), "--quick");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("4 runs trained, 0 reused"), run.out());
        assertWinRates(sample.resolve("compare"), List.of("\"SPO (lambda 0.1, k 4)\"", "DPO"));

        // a call killed during a run leaves it unfinished: the next call resumes that folder, not a new one
        Path runs = sample.resolve("compare/runs");
        Path index = runs.resolve("index.jsonl");
        List<String> finished = Files.readAllLines(index);
        Path dpo2 = runs.resolve(RunLogLines.field(finished.get(3), "run"));
        Files.write(index, finished.subList(0, 3));
        List<String> events = Files.readAllLines(dpo2.resolve("events.jsonl"));
        Files.write(dpo2.resolve("events.jsonl"), events.stream().filter(e -> !e.contains("\"finished\"")).toList());
        long folders;
        try (var l = Files.list(runs)) {
            folders = l.count();
        }
        CliRun again = CliRun.of("compare", sample.toString(), "--quick");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("DPO, seed 2: resuming runs/" + dpo2.getFileName()), again.out());
        assertTrue(again.out().contains("1 runs trained, 3 reused"), again.out());
        try (var l = Files.list(runs)) {
            assertEquals(folders, l.count(), "no new run folder");
        }
        assertTrue(Files.readString(dpo2.resolve("events.jsonl")).contains("\"finished\""));
    }

    /** One field of a JSON line. */
    private static final class RunLogLines {
        static String field(String line, String name) throws java.io.IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get(name).asText();
        }
    }

    @Test
    void selfLabelsFromASeedAreComparedWithAllLabels() throws Exception {
        Path sample = TestProjects.copySample(tmp, "spa-seed");
        CliRun run = CliRun.of("compare", sample.toString(), "--quick");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("4 runs trained, 0 reused"), run.out());
        assertWinRates(sample.resolve("compare"), List.of("\"SPA, 10% seed + 2 self-labelled iterations\"",
                "\"DPO, all labels\""));
    }

    /** Each arm has win rates in [0, 1] from both quick seeds, and the chart is drawn. */
    private static void assertWinRates(Path out, List<String> arms) throws Exception {
        List<String> rows = Files.readAllLines(out.resolve("results.csv")).stream()
                .filter(r -> r.startsWith("eval_win_rate,")).toList();
        for (String arm : arms) {
            List<String> armRows = rows.stream().filter(r -> r.contains("," + arm + ",2,")).toList();
            assertTrue(!armRows.isEmpty(), arm + " has no win rate over 2 seeds in " + rows);
            for (String r : armRows) {
                String[] cells = r.split(",");
                double mean = Double.parseDouble(cells[cells.length - 2]);
                assertTrue(mean >= 0 && mean <= 1, r);
            }
        }
        assertTrue(Files.size(out.resolve("eval_win_rate.png")) > 1000);
    }
}
