package org.preflab.app.gui.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.train.StepMetrics;

/**
 * Every metric of one run, train and eval, by name, with the tokens seen by each step so that any metric can be
 * drawn against tokens (eval rows do not carry num_tokens: they take the training row's at the same step).
 */
public final class RunCurves {
    /** What the x axis of a comparison counts. */
    public enum Alignment {
        STEP, TOKENS,
        /** The labels a label-efficient loop (apl, spa) had used: what a run spent, for comparing per label. */
        LABELS
    }

    private final String name;
    private final Map<String, List<double[]>> points = new LinkedHashMap<>();
    private final Curve tokensByStep;
    private final Map<Integer, Double> labelsByStep = new java.util.HashMap<>();

    RunCurves(String name, List<StepMetrics> train, List<StepMetrics> evals) {
        this.name = name;
        List<double[]> tokens = new ArrayList<>();
        for (StepMetrics m : train) {
            m.values().forEach((k, v) -> points.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {m.step(), v}));
            Double t = m.values().get(MetricNames.NUM_TOKENS);
            if (t != null) {
                tokens.add(new double[] {m.step(), t});
            }
        }
        for (StepMetrics m : evals) {
            m.values().forEach((k, v) -> points.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {m.step(), v}));
        }
        for (List<StepMetrics> rows : List.of(train, evals)) {
            for (StepMetrics m : rows) {
                Double l = m.values().get(MetricNames.LABELS_USED);
                if (l != null) {
                    labelsByStep.put(m.step(), l);
                }
            }
        }
        points.values().forEach(l -> l.sort((a, b) -> Double.compare(a[0], b[0])));
        tokensByStep = curve(tokens);
    }

    /** Reads a run folder's metrics (file work). */
    public static RunCurves read(Path runDir) throws IOException {
        RunLog log = RunLog.open(runDir);
        return new RunCurves(log.name(), log.train(), log.evals());
    }

    public String name() {
        return name;
    }

    /** Metric names in the order the run wrote them, training metrics first. */
    public Set<String> metrics() {
        return new LinkedHashSet<>(points.keySet());
    }

    /**
     * The metric against step, tokens or labels used; empty when the run has no such metric. Against tokens, points
     * at steps without a token count (before the first training row) are left out; against labels, rows without
     * labels_used (runs that are not label-efficient loops) are, and each label count keeps its last value.
     */
    public Curve curve(String metric, Alignment by) {
        List<double[]> pts = points.getOrDefault(metric, List.of());
        if (by == Alignment.STEP) {
            return curve(pts);
        }
        if (by == Alignment.LABELS) {
            // a round trains many steps on one label count: its last point is the value those labels bought
            Map<Double, double[]> last = new java.util.TreeMap<>();
            for (double[] p : pts) {
                Double l = labelsByStep.get((int) p[0]);
                if (l != null) {
                    last.put(l, new double[] {l, p[1]});
                }
            }
            return curve(new ArrayList<>(last.values()));
        }
        List<double[]> out = new ArrayList<>();
        for (double[] p : pts) {
            double t = tokensByStep.at(p[0]);
            if (!Double.isNaN(t)) {
                out.add(new double[] {t, p[1]});
            }
        }
        return curve(out);
    }

    private static Curve curve(List<double[]> pts) {
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Curve(x, y);
    }
}
