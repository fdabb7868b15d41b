package org.preflab.app.gui.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.common.ModelThreads;

/** Comparison of hand-written run folders: overlays, differences against a baseline, tokens alignment, config diff. */
class CompareModelTest {
    @TempDir Path tmp;

    /**
     * A run folder: {@code loss} at steps 1..n is {@code lossAt(step)}, {@code tokensPerStep} tokens per step, an
     * eval_loss at every second step.
     */
    private Path run(String name, int steps, double tokensPerStep, java.util.function.IntToDoubleFunction lossAt,
            String config) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("config.json"), config);
        StringBuilder sb = new StringBuilder("{\"step\":0,\"data/train_pairs\":8,\"data/eval_pairs\":2,"
                + "\"data/truncated\":0,\"data/dropped\":0}\n");
        for (int s = 1; s <= steps; s++) {
            sb.append("{\"step\":").append(s).append(",\"loss\":").append(lossAt.applyAsDouble(s))
                    .append(",\"num_tokens\":").append(s * tokensPerStep).append("}\n");
            if (s % 2 == 0) {
                sb.append("{\"step\":").append(s).append(",\"eval_loss\":").append(lossAt.applyAsDouble(s) + 1)
                        .append("}\n");
            }
        }
        Files.writeString(d.resolve("metrics.jsonl"), sb.toString());
        return d;
    }

    private static final String CONFIG_A = "{\"name\":\"x\",\"model\":\"/home/u/proj/model\",\"data\":{\"train\":"
            + "\"/home/u/proj/data/a.jsonl\",\"max_length\":128},\"dpo\":{\"beta\":0.1,\"loss_type\":[\"sigmoid\"]},"
            + "\"train\":{\"seed\":1}}";
    private static final String CONFIG_B = "{\"name\":\"x\",\"model\":\"/home/u/proj/model\",\"data\":{\"train\":"
            + "\"/home/u/proj/data/b.jsonl\",\"max_length\":128},\"dpo\":{\"beta\":0.2,\"loss_type\":[\"sigmoid\","
            + "\"sft\"]},\"train\":{\"seed\":1}}";

    private CompareModel twoRuns() throws IOException {
        Path a = run("a", 10, 100, s -> 1.0 / s, CONFIG_A);
        Path b = run("b", 6, 200, s -> 2.0 / s, CONFIG_B);
        CompareModel m = new CompareModel(List.of(a, b), ModelThreads.direct());
        m.load();
        return m;
    }

    @Test
    void overlaysEveryRunsMetricAndStartsOnLossAndEvalLoss() throws IOException {
        CompareModel m = twoRuns();
        assertEquals("", m.errorProperty().get());
        assertEquals(List.of("loss", "num_tokens", "eval_loss"), m.metrics(), "training metrics first");
        assertEquals(List.of("loss", "eval_loss"), m.chosenMetrics());
        List<CompareModel.Named> loss = m.overlay("loss");
        assertEquals(List.of("a", "b"), loss.stream().map(CompareModel.Named::run).toList());
        assertEquals(10, loss.get(0).curve().size());
        assertEquals(6, loss.get(1).curve().size());
        assertArrayEquals(new double[] {2, 4, 6}, m.overlay("eval_loss").get(1).curve().x());
    }

    @Test
    void differencesAreAtTheBaselinesStepsWhereBothRunsHavePoints() throws IOException {
        CompareModel m = twoRuns();
        List<CompareModel.Named> d = m.differences("loss");
        assertEquals(1, d.size());
        assertEquals("b − a", d.get(0).run());
        Curve c = d.get(0).curve();
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, c.x(), "b stops at step 6: no extrapolation");
        for (int i = 0; i < c.size(); i++) {
            assertEquals(2.0 / c.x()[i] - 1.0 / c.x()[i], c.y()[i], 1e-12);
        }
        m.baselineProperty().set(1);
        Curve back = m.differences("loss").get(0).curve();
        assertEquals("a − b", m.differences("loss").get(0).run());
        assertEquals(-c.y()[2], back.y()[2], 1e-12);
    }

    @Test
    void alignedByTokensTheRunsAreInterpolatedToTheBaselinesTokenCounts() throws IOException {
        CompareModel m = twoRuns();
        m.alignmentProperty().set(RunCurves.Alignment.TOKENS);
        assertEquals("num_tokens", m.xName());
        Curve a = m.overlay("loss").get(0).curve();
        assertArrayEquals(new double[] {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}, a.x());
        Curve evalB = m.overlay("eval_loss").get(1).curve();
        assertArrayEquals(new double[] {400, 800, 1200}, evalB.x(), "eval rows take the tokens of their step");
        // b has seen 200 tokens per step: at 300 tokens (a's step 3) b is between its steps 1 and 2
        Curve d = m.differences("loss").get(0).curve();
        assertEquals(200, d.x()[0], "a's first token count inside b's range (b starts at 200)");
        double bAt300 = (2.0 / 1 + 2.0 / 2) / 2; // halfway between b's steps 1 (200 tokens) and 2 (400 tokens)
        assertEquals(bAt300 - 1.0 / 3, d.y()[1], 1e-12);
        assertEquals(1000, d.x()[d.size() - 1], "a's last token count (b's run reaches 1200)");
    }

    @Test
    void theConfigDiffListsOnlyWhatDiffersWithShortPaths() throws IOException {
        CompareModel m = twoRuns();
        assertEquals(List.of(
                new ConfigDiff.Row("data.train", List.of("…/a.jsonl", "…/b.jsonl")),
                new ConfigDiff.Row("dpo.beta", List.of("0.1", "0.2")),
                new ConfigDiff.Row("dpo.loss_type", List.of("[sigmoid]", "[sigmoid, sft]"))), m.configDiff());
    }

    @Test
    void pathsAreCutToWhatTellsThemApart() throws IOException {
        assertEquals(List.of("…/runs1/x.jsonl", "…/runs2/x.jsonl", "—"),
                ConfigDiff.shortPaths(List.of("/a/b/runs1/x.jsonl", "/a/b/runs2/x.jsonl", "—")));
        assertEquals(List.of("…/c/d/e.json", "plain"), ConfigDiff.shortPaths(List.of("/a/b/c/d/e.json", "plain")));
        assertEquals(List.of("/x/1", "/y/1"), ConfigDiff.shortPaths(List.of("/x/1", "/y/1")), "nothing shared");
        assertEquals(java.util.Map.of("a.b", "1", "c", "[x, {\"k\":2}]", "d", "null"), ConfigDiff.flatten(
                new ObjectMapper().readTree("{\"a\":{\"b\":1},\"c\":[\"x\",{\"k\":2}],\"d\":null}")));
    }

    @Test
    void curveInterpolation() {
        Curve c = new Curve(new double[] {0, 10, 20}, new double[] {0, 1, 3});
        assertEquals(0.5, c.at(5), 1e-12);
        assertEquals(2, c.at(15), 1e-12);
        assertEquals(3, c.at(20), 1e-12);
        assertTrue(Double.isNaN(c.at(-1)) && Double.isNaN(c.at(21)));
    }

    @Test
    void aMissingRunIsNamed() throws IOException {
        Path a = run("a", 2, 100, s -> 1.0, CONFIG_A);
        CompareModel m = new CompareModel(List.of(a, tmp.resolve("gone")), ModelThreads.direct());
        m.load();
        assertTrue(m.errorProperty().get().startsWith("Cannot read the run " + tmp.resolve("gone") + ": "),
                m.errorProperty().get());
    }
}
