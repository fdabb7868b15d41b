package org.preflab.app.gui.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.common.ModelThreads;

/** Drill-down on hand-written evaluation files: sorting by margin, flipped pairs, hardest pairs, trajectories. */
class PairsModelTest {
    @TempDir Path run;

    /** A run folder with three evaluations of four pairs (β = 0.5). Pair 2 flips to right, pair 3 to wrong. */
    private Path writeRun() throws IOException {
        Files.writeString(run.resolve("config.json"), "{\"name\":\"t\",\"dpo\":{\"beta\":0.5,\"loss_type\":[\"sigmoid\"]}}");
        Files.createDirectories(run.resolve("evals"));
        eval(5, new double[][] {{0, 0.2, -0.1}, {1, 0.1, 0.3}, {2, -0.4, 0.0}, {3, 0.3, 0.1}});
        eval(10, new double[][] {{0, 0.5, -0.3}, {1, 0.2, 0.3}, {2, 0.1, -0.2}, {3, 0.1, 0.2}});
        eval(15, new double[][] {{0, 0.9, -0.6}, {1, 0.2, 0.3}, {2, 0.3, -0.4}, {3, 0.0, 0.4}});
        Files.writeString(run.resolve("evals/pairs.jsonl"), """
                {"index":0,"prompt":"Once upon a time, Lily","chosen":" shared.","rejected":" broke it."}
                {"index":1,"prompt":"Tom","chosen":" hugged mom.","rejected":" ran away."}
                {"index":2,"prompt":"Sue","chosen":" helped.","rejected":" did not share."}
                {"index":3,"prompt":"Max","chosen":" smiled.","rejected":" cried."}
                """);
        return run;
    }

    private void eval(int step, double[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double[] r : rows) {
            double margin = r[1] - r[2];
            sb.append(String.format(java.util.Locale.ROOT,
                    "{\"index\":%d,\"reward_chosen\":%s,\"reward_rejected\":%s,\"margin\":%s,\"correct\":%s,"
                    + "\"loss\":%s,\"chosen_length\":4,\"rejected_length\":2}\n",
                    (int) r[0], r[1], r[2], margin, margin > 0, Math.log1p(Math.exp(-margin))));
        }
        Files.writeString(run.resolve(String.format("evals/step-%06d.jsonl", step)), sb.toString());
    }

    private static List<Integer> indices(PairsModel m) {
        return m.rows().stream().map(r -> r.pair().index()).toList();
    }

    @Test
    void pairsOfTheNewestEvaluationSortedByMargin() throws IOException {
        PairsModel m = new PairsModel(writeRun(), -1, ModelThreads.direct());
        m.reload();
        assertEquals(List.of(5, 10, 15), m.steps());
        assertEquals(15, m.stepProperty().get());
        assertEquals(List.of(3, 1, 2, 0), indices(m), "margins -0.4, -0.1, 0.7, 1.5");
        assertEquals(1, m.rows().get(0).rank());
        assertEquals("Max", m.rows().get(0).promptExcerpt());
        assertEquals(0.5, m.beta());
        EvalPair p = m.rows().get(0).pair();
        assertEquals(-0.8, p.logRatioMargin(), 1e-9, "h = margin / beta when the file has no log-ratios");
        assertTrue(m.summaryProperty().get().startsWith("4 pairs at step 15: 2 ranked wrong"), m.summaryProperty().get());
    }

    @Test
    void flippedComparesTheChosenStepWithTheBaseStep() throws IOException {
        PairsModel m = new PairsModel(writeRun(), 15, ModelThreads.direct());
        m.reload();
        m.filterProperty().set(PairsModel.Filter.FLIPPED);
        assertEquals(5, m.baseStepProperty().get(), "the first evaluation by default");
        assertEquals(List.of(3, 2), indices(m), "3 went wrong, 2 went right; lowest margin first");
        assertEquals(0.2, m.rows().get(0).marginBefore(), 1e-9, "pair 3's margin at step 5");
        m.baseStepProperty().set(10);
        assertEquals(List.of(), indices(m), "between 10 and 15 nothing flipped");
        m.stepProperty().set(10);
        m.baseStepProperty().set(5);
        assertEquals(List.of(3, 2), indices(m));
    }

    @Test
    void hardestAreTheLowestMarginsWithTheirText() throws IOException {
        PairsModel m = new PairsModel(writeRun(), 5, ModelThreads.direct());
        m.reload();
        m.hardestCountProperty().set(2);
        m.filterProperty().set(PairsModel.Filter.HARDEST);
        assertEquals(List.of(2, 1), indices(m), "step 5 margins: -0.4, -0.2");
        m.selectedProperty().set(m.rows().get(0));
        assertEquals(new PairText("Sue", " helped.", " did not share."), m.selectedTextProperty().get());
    }

    @Test
    void selectingAPairShowsItsRewardTrajectoryOverTheRun() throws IOException {
        PairsModel m = new PairsModel(writeRun(), -1, ModelThreads.direct());
        m.reload();
        m.selectedProperty().set(m.rows().stream().filter(r -> r.pair().index() == 2).findFirst().orElseThrow());
        assertEquals(List.of(new TrajectoryPoint(5, -0.4, 0.0, -0.4), new TrajectoryPoint(10, 0.1, -0.2, 0.3),
                new TrajectoryPoint(15, 0.3, -0.4, 0.7)), m.trajectory().stream()
                .map(t -> new TrajectoryPoint(t.step(), t.rewardChosen(), t.rewardRejected(),
                        Math.round(t.margin() * 1e9) / 1e9)).toList());
        m.filterProperty().set(PairsModel.Filter.FLIPPED);
        assertEquals(2, m.selectedProperty().get().pair().index(), "the selection stays while the pair is shown");
        m.baseStepProperty().set(10);
        assertNull(m.selectedProperty().get(), "and goes when it is filtered out");
        assertTrue(m.trajectory().isEmpty());
    }

    @Test
    void aMalformedEvalFileIsNamedWithItsLineAndField() throws IOException {
        writeRun();
        Files.writeString(run.resolve("evals/step-000010.jsonl"),
                "{\"index\":0,\"reward_chosen\":0.1,\"reward_rejected\":0.0}\n{\"index\":1,\"reward_chosen\":\"x\"}\n");
        PairsModel m = new PairsModel(run, -1, ModelThreads.direct());
        m.reload();
        assertEquals("Cannot read the evaluations of " + run.getFileName() + ": evals/step-000010.jsonl line 2: field"
                + " 'reward_chosen' is not a number (x)", m.errorProperty().get());
    }

    @Test
    void aRunWithoutEvaluationsSaysWhy() throws IOException {
        Files.writeString(run.resolve("config.json"), "{\"name\":\"t\"}");
        PairsModel m = new PairsModel(run, -1, ModelThreads.direct());
        m.reload();
        assertTrue(m.rows().isEmpty());
        assertTrue(m.summaryProperty().get().startsWith("No per-pair evaluations"), m.summaryProperty().get());
    }

    @Test
    void analysisOnItsOwn() {
        EvalPair a = new EvalPair(0, 1, 0, 1, 0.3, 10, 0, 4, 2);
        EvalPair b = new EvalPair(1, 0, 1, -1, 1.3, 0, 10, 4, 2);
        EvalPair c = new EvalPair(2, 0, 0, 0, 0.69, 0, 0, 4, 2);
        assertEquals(List.of(b, c, a), PairAnalysis.byMargin(List.of(a, b, c)));
        assertEquals(List.of(b), PairAnalysis.hardest(List.of(a, b, c), 1));
        EvalPair a2 = new EvalPair(0, 0, 1, -1, 1.3, 0, 10, 4, 2);
        EvalPair c2 = new EvalPair(2, 1, 0, 1, 0.3, 10, 0, 4, 2);
        assertEquals(List.of(a2, c2), PairAnalysis.flipped(List.of(a, b, c), List.of(a2, b, c2)),
                "a tie (margin 0) counts as wrong, so c flipped to right");
        assertEquals(10 / 4.0, a.normalisedMargin(), 1e-12);
    }
}
