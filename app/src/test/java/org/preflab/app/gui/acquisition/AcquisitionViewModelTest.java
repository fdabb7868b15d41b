package org.preflab.app.gui.acquisition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.run.ShortRuns;

/** The acquisition view's state, without a robot, on a real apl run (two rounds, budgets 4 then 8). */
class AcquisitionViewModelTest {
    @TempDir Path tmp;

    private static AcquisitionViewModel read(Path run) {
        AcquisitionViewModel vm = new AcquisitionViewModel(run, ModelThreads.direct());
        vm.reload();
        return vm;
    }

    @Test
    void showsTheNewestRoundsHistogramsWithKeptCountsPicksAndTimes() throws Exception {
        AcquisitionViewModel vm = read(ShortRuns.aplRun());
        assertEquals("", vm.messageProperty().get());
        assertEquals(List.of(1, 2), vm.rounds());
        assertEquals(2, vm.roundProperty().get(), "opens on the newest round");
        vm.roundProperty().set(1);
        ScoreHistogram entropy = vm.histograms().get(0);
        ScoreHistogram certainty = vm.histograms().get(1);
        // round 1 needs 4 labels: 4 prompts x 2 completions x 2 oversampled scored by entropy, 4 pairs by certainty
        assertEquals("entropy", entropy.name());
        assertTrue(entropy.scored() >= 16 && entropy.keptCount() * 2 == entropy.scored(), entropy.caption());
        assertEquals("certainty", certainty.name());
        assertTrue(certainty.scored() >= 8 && certainty.keptCount() * 2 == certainty.scored(), certainty.caption());
        assertEquals(entropy.scored(), Arrays.stream(entropy.others()).sum() + Arrays.stream(entropy.kept()).sum());
        assertEquals(entropy.keptCount(), Arrays.stream(entropy.kept()).sum());
        assertEquals(certainty.keptCount(), vm.picks().size(), "the certainty filter's survivors are the picks");
        assertTrue(vm.picks().stream().allMatch(p -> List.of("first", "second", "tie", "skip").contains(p.verdict())),
                "every pick of a finished run has its verdict");
        assertTrue(vm.picks().stream().allMatch(p -> p.prompt().startsWith("Once upon a time") && !p.first().isEmpty()));
        assertNotNull(vm.timesProperty().get());
        assertTrue(vm.timesProperty().get().train() > 0);
        assertTrue(vm.roundSummaryProperty().get().startsWith("Round 1: entropy_certainty picked "),
                vm.roundSummaryProperty().get());
        assertTrue(vm.roundSummaryProperty().get().endsWith("trained on 4 labels"), vm.roundSummaryProperty().get());
    }

    @Test
    void drawsEachScoreAcrossRoundsAndTheWinRateByLabelsUsed() throws Exception {
        AcquisitionViewModel vm = read(ShortRuns.aplRun());
        assertEquals(List.of("entropy", "certainty"), vm.trends().stream().map(ScoreTrend::name).toList());
        for (ScoreTrend t : vm.trends()) {
            assertEquals(List.of(1, 2), t.points().stream().map(ScoreTrend.Point::round).toList());
        }
        ScoreTrend.Point certainty = vm.trends().get(1).points().get(0);
        assertTrue(certainty.meanKept() >= certainty.meanAll(), "the most certain pairs are kept: " + certainty);
        assertEquals(List.of(4.0, 8.0), vm.winRates().stream().map(AplHistory.WinRatePoint::labelsUsed).toList());
        for (AplHistory.WinRatePoint p : vm.winRates()) {
            assertTrue(p.low() <= p.rate() && p.rate() <= p.high(), p.toString());
        }
    }

    @Test
    void followsALiveRunAsItsRoundsAppear() throws Exception {
        Path run = copy(ShortRuns.aplRun(), tmp.resolve("live"));
        List<String> events = Files.readAllLines(run.resolve("events.jsonl"));
        int secondRound = 0;
        while (!(events.get(secondRound).contains("\"type\":\"acquisition\"")
                && events.get(secondRound).contains("\"round\":1"))) {
            secondRound++;
        }
        Files.write(run.resolve("events.jsonl"), events.subList(0, secondRound)); // as if round 2 had not started
        AcquisitionViewModel vm = new AcquisitionViewModel(run, ModelThreads.direct());
        try {
            vm.follow();
            assertEquals(List.of(1), vm.rounds());
            Files.write(run.resolve("events.jsonl"), events);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (vm.rounds().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(1, 2), vm.rounds());
            assertEquals(2, vm.roundProperty().get(), "a new round is shown while the newest was");
        } finally {
            vm.close();
        }
    }

    @Test
    void aRunWithoutAcquisitionSaysSoInOneLine() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("dpo-run"));
        Files.writeString(run.resolve("config.json"), "{\"method\": \"dpo\"}");
        Files.writeString(run.resolve("events.jsonl"), "");
        AcquisitionViewModel vm = read(run);
        assertEquals("dpo-run has no acquisition rounds: this view is for active preference learning runs "
                + "(method apl).", vm.messageProperty().get());
        assertTrue(vm.rounds().isEmpty() && vm.histograms().isEmpty());
        Files.writeString(run.resolve("config.json"), "{\"method\": \"apl\"}");
        assertTrue(read(run).messageProperty().get().startsWith("No acquisition yet in dpo-run"));
    }

    @Test
    void randomAcquisitionHasPicksButNoScores() {
        AplHistory.Round r = new AplHistory.Round(0, 4, 1, List.of(),
                List.of(new AplHistory.Pick("r0-a0-1", "p", "x", "y", "waiting")), null, 0);
        assertEquals("Round 1: random picked 1 pair in 1 attempt (budget 4); 0 answered; training not done yet",
                AcquisitionViewModel.summary(r, "random"));
        assertEquals(List.of(), ScoreTrend.of(List.of(r)));
    }

    @Test
    void binsSplitKeptFromTheRestAndSkipNonFiniteValues() {
        double[] v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, Double.NaN};
        ScoreHistogram h = ScoreHistogram.of(new AplHistory.Score("entropy", v, new int[] {8, 9, 10}));
        assertEquals(5, h.bins(), "at least 5 bins");
        assertEquals(2.0, h.width(), 1e-12);
        assertArrayEquals(new int[] {2, 2, 2, 2, 0}, h.others());
        assertArrayEquals(new int[] {0, 0, 0, 0, 2}, h.kept(), "10 falls in the last bin, NaN in none");
        assertEquals("entropy: 11 scored, 3 kept", h.caption());
        ScoreHistogram same = ScoreHistogram.of(new AplHistory.Score("certainty", new double[] {0.5, 0.5}, new int[] {0}));
        assertEquals(1, Arrays.stream(same.kept()).sum(), "equal values still fall in a bin");
        assertEquals(1, Arrays.stream(same.others()).sum());
    }

    @Test
    void verdictsReadAsTheBetterCompletionInTheOrderMade() {
        assertEquals("first", AplHistory.verdictOf("A", false));
        assertEquals("second", AplHistory.verdictOf("A", true));
        assertEquals("first", AplHistory.verdictOf("B", true));
        assertEquals("tie", AplHistory.verdictOf("TIE", true));
        assertEquals("generate 1.0 s (10%)  ·  score 1.0 s (10%)  ·  label 3.0 s (30%)  ·  train 5.0 s (50%)",
                TimeSplitBar.text(new AplHistory.Times(1, 1, 3, 5)));
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }
}
