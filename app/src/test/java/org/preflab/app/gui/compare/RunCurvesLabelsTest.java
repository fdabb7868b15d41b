package org.preflab.app.gui.compare;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.train.StepMetrics;

/** Comparing label-efficient loops per label spent: each label count's last value, eval and training alike. */
class RunCurvesLabelsTest {
    @Test
    void eachLabelCountKeepsTheValueItsRoundEndedWith() {
        List<StepMetrics> train = List.of(
                new StepMetrics(1, Map.of("loss", 0.69, "labels_used", 8.0)),
                new StepMetrics(2, Map.of("loss", 0.50, "labels_used", 8.0)),
                new StepMetrics(3, Map.of("loss", 0.69, "labels_used", 16.0)),
                new StepMetrics(4, Map.of("loss", 0.40, "labels_used", 16.0)));
        List<StepMetrics> evals = List.of(
                new StepMetrics(2, Map.of("eval_win_rate", 0.6, "labels_used", 8.0)),
                new StepMetrics(4, Map.of("eval_win_rate", 0.7, "labels_used", 16.0)));
        RunCurves c = new RunCurves("apl", train, evals);
        Curve win = c.curve("eval_win_rate", RunCurves.Alignment.LABELS);
        assertArrayEquals(new double[] {8, 16}, win.x());
        assertArrayEquals(new double[] {0.6, 0.7}, win.y());
        Curve loss = c.curve("loss", RunCurves.Alignment.LABELS);
        assertArrayEquals(new double[] {0.50, 0.40}, loss.y(), 1e-12);
    }

    @Test
    void runsWithoutLabelsHaveNoCurveByLabels() {
        RunCurves dpo = new RunCurves("dpo", List.of(new StepMetrics(1, Map.of("loss", 0.69))), List.of());
        assertEquals(0, dpo.curve("loss", RunCurves.Alignment.LABELS).size());
    }
}
