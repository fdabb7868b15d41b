package org.preflab.app.gui.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * Every metric of one run by name, as (step, value) points in step order, plus the tokens seen by each step (so
 * any metric can be drawn against tokens). Charts are grouped by training metric: {@code eval_loss} is drawn on the
 * {@code loss} chart. A row for a step at or before the last one replaces the points from there on (a resumed run
 * records the steps after its checkpoint again). Plain Java: the dashboard's view-model owns it on the FX thread.
 */
final class MetricStore {
    /** The x axis of every chart. */
    enum XAxis {
        STEP("step"), TOKENS(MetricNames.NUM_TOKENS);

        final String label;

        XAxis(String label) {
            this.label = label;
        }
    }

    /** One metric's points. */
    static final class Points {
        private int[] steps = new int[32];
        private double[] values = new double[32];
        private int size;

        int size() {
            return size;
        }

        int step(int i) {
            return steps[i];
        }

        double value(int i) {
            return values[i];
        }

        /** Appends, first dropping points at or after {@code step}; returns true when some were dropped. */
        boolean add(int step, double value) {
            boolean dropped = false;
            if (size > 0 && step <= steps[size - 1]) {
                int keep = size;
                while (keep > 0 && steps[keep - 1] >= step) {
                    keep--;
                }
                size = keep;
                dropped = true;
            }
            if (size == steps.length) {
                steps = Arrays.copyOf(steps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            steps[size] = step;
            values[size] = value;
            size++;
            return dropped;
        }
    }

    private final Map<String, Points> metrics = new LinkedHashMap<>();
    private final TreeMap<Integer, Double> tokensAtStep = new TreeMap<>();
    private int rewrites;

    /** Adds a training or eval row; every numeric value becomes a point at the row's step. */
    void add(StepMetrics row) {
        Double tokens = row.values().get(MetricNames.NUM_TOKENS);
        if (tokens != null) {
            tokensAtStep.tailMap(row.step(), true).clear();
            tokensAtStep.put(row.step(), tokens);
        }
        for (Map.Entry<String, Double> e : row.values().entrySet()) {
            if (metrics.computeIfAbsent(e.getKey(), k -> new Points()).add(row.step(), e.getValue())) {
                rewrites++;
            }
        }
    }

    void clear() {
        metrics.clear();
        tokensAtStep.clear();
        rewrites++;
    }

    /** Counts the times points were dropped or cleared: a chart that drew them must redraw from scratch. */
    int rewrites() {
        return rewrites;
    }

    Points points(String metric) {
        Points p = metrics.get(metric);
        return p == null ? new Points() : p;
    }

    boolean has(String metric) {
        return metrics.containsKey(metric);
    }

    /** The x of a step: the step itself, or the tokens seen up to it (the last known count at or before it). */
    double x(int step, XAxis axis) {
        if (axis == XAxis.STEP) {
            return step;
        }
        Map.Entry<Integer, Double> e = tokensAtStep.floorEntry(step);
        return e == null ? 0 : e.getValue();
    }

    /**
     * The charts, in reading order: TRL's preference metrics first ({@link MetricNames#PREFERENCE}), then every
     * other metric found (spo/*, stage, ...) by name. Each chart is named after its training metric.
     */
    List<String> charts() {
        List<String> bases = new ArrayList<>();
        for (String m : metrics.keySet()) {
            String base = MetricNames.base(m);
            if (!bases.contains(base) && !isCompanion(base)) {
                bases.add(base);
            }
        }
        List<String> out = new ArrayList<>();
        for (String m : HEADLINE) {
            if (bases.contains(m)) {
                out.add(m);
            }
        }
        for (String m : MetricNames.PREFERENCE) {
            if (bases.contains(m)) {
                out.add(m);
            }
        }
        bases.stream().filter(b -> !out.contains(b)).sorted().forEach(out::add);
        return out;
    }

    /**
     * What a run measures against the starting model, when an oracle judges it: first, since it is what the run is
     * for (a dpo or sdpo run with an oracle, apl, spa).
     */
    private static final List<String> HEADLINE = List.of(MetricNames.WIN_RATE, MetricNames.ORACLE_REWARD);

    /** Metrics drawn in another's chart, not their own: the win rate's interval, the starting model's reward. */
    private static final Map<String, List<String>> COMPANIONS = Map.of(
            MetricNames.WIN_RATE, List.of(MetricNames.WIN_RATE_LOW, MetricNames.WIN_RATE_HIGH),
            MetricNames.ORACLE_REWARD, List.of(MetricNames.ORACLE_REWARD_REFERENCE));

    private static boolean isCompanion(String base) {
        return COMPANIONS.values().stream().anyMatch(c -> c.contains(base));
    }

    /** Whether {@code metric} is drawn beside its chart's main series (an interval end, a baseline). */
    static boolean isCompanionSeries(String metric) {
        return isCompanion(MetricNames.base(metric));
    }

    /** The series of one chart: the training metric, its eval twin, then its companions, whichever exist. */
    List<String> seriesOf(String chart) {
        List<String> out = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(chart));
        names.addAll(COMPANIONS.getOrDefault(chart, List.of()));
        for (String name : names) {
            if (metrics.containsKey(name)) {
                out.add(name);
            }
            if (metrics.containsKey(MetricNames.eval(name))) {
                out.add(MetricNames.eval(name));
            }
        }
        return out;
    }

    /** The last training step recorded (0 before any). */
    int lastStep() {
        Points loss = metrics.get(MetricNames.LOSS);
        return loss == null || loss.size() == 0 ? 0 : loss.step(loss.size() - 1);
    }

    /** The newest value of a metric, or NaN. */
    double latest(String metric) {
        Points p = metrics.get(metric);
        return p == null || p.size() == 0 ? Double.NaN : p.value(p.size() - 1);
    }
}
