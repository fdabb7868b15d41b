package org.preflab.app.gui.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.preflab.app.compare.CompareResults;

/**
 * A comparison's seeds.csv aggregated as results.md tabulates it: for each metric, arm and x, the count, mean and
 * sample standard deviation of the seeds' values there ({@link CompareResults.Cell}, the same arithmetic as
 * {@code preflab compare}). Metrics and arms come in compare.json's order; rows naming one it no longer lists (a
 * stale results file) are counted and left out.
 */
public final class SeedSummary {
    /** One arm's mean at one x, over the n seeds with a value there; std is NaN below two. */
    public record Point(double x, int n, double mean, double std) {}

    /** One arm's points of one metric, x ascending; {@code armIndex} is its place in compare.json (its colour). */
    public record ArmCurve(String arm, int armIndex, List<Point> points) {}

    /** One run of the comparison, named by its folder under compare/runs/. */
    public record SeedRun(String arm, int seed, String run) {}

    private final List<String> metrics;
    private final Map<String, List<ArmCurve>> curves;
    private final List<SeedRun> runs;
    private final int leftOut;

    private SeedSummary(List<String> metrics, Map<String, List<ArmCurve>> curves, List<SeedRun> runs, int leftOut) {
        this.metrics = metrics;
        this.curves = curves;
        this.runs = runs;
        this.leftOut = leftOut;
    }

    public static SeedSummary of(List<SeedsCsv.Row> rows, List<String> metrics, List<String> arms) {
        Map<String, Map<String, TreeMap<Double, List<Double>>>> values = new LinkedHashMap<>();
        for (String m : metrics) {
            Map<String, TreeMap<Double, List<Double>>> byArm = new LinkedHashMap<>();
            arms.forEach(a -> byArm.put(a, new TreeMap<>()));
            values.put(m, byArm);
        }
        Set<SeedRun> runs = new LinkedHashSet<>();
        int leftOut = 0;
        for (SeedsCsv.Row r : rows) {
            Map<String, TreeMap<Double, List<Double>>> byArm = values.get(r.metric());
            if (byArm == null || !byArm.containsKey(r.arm())) {
                leftOut++;
                continue;
            }
            runs.add(new SeedRun(r.arm(), r.seed(), r.run()));
            if (!Double.isNaN(r.value())) { // n counts the seeds with a value, as results.md does
                byArm.get(r.arm()).computeIfAbsent(r.x(), x -> new ArrayList<>()).add(r.value());
            }
        }
        Map<String, List<ArmCurve>> curves = new LinkedHashMap<>();
        values.forEach((metric, byArm) -> {
            List<ArmCurve> list = new ArrayList<>();
            byArm.forEach((arm, byX) -> {
                List<Point> pts = new ArrayList<>();
                byX.forEach((x, v) -> {
                    CompareResults.Cell c = new CompareResults.Cell(List.copyOf(v));
                    pts.add(new Point(x, c.n(), c.mean(), c.std()));
                });
                list.add(new ArmCurve(arm, arms.indexOf(arm), List.copyOf(pts)));
            });
            curves.put(metric, List.copyOf(list));
        });
        List<SeedRun> ordered = new ArrayList<>(runs);
        ordered.sort((a, b) -> a.arm().equals(b.arm()) ? Integer.compare(a.seed(), b.seed())
                : Integer.compare(arms.indexOf(a.arm()), arms.indexOf(b.arm())));
        return new SeedSummary(List.copyOf(metrics), curves, List.copyOf(ordered), leftOut);
    }

    /** compare.json's metrics, in its order. */
    public List<String> metrics() {
        return metrics;
    }

    /** Each arm's points of the metric (an arm without any has an empty list). */
    public List<ArmCurve> curves(String metric) {
        return curves.getOrDefault(metric, List.of());
    }

    /** Every x at which some arm has the metric, ascending: the table's rows. */
    public List<Double> xs(String metric) {
        TreeSet<Double> xs = new TreeSet<>();
        curves(metric).forEach(c -> c.points().forEach(p -> xs.add(p.x())));
        return List.copyOf(xs);
    }

    /** The fewest and most seeds behind any point of the metric ({0, 0} when it has none). */
    public int[] seedCountRange(String metric) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (ArmCurve c : curves(metric)) {
            for (Point p : c.points()) {
                lo = Math.min(lo, p.n());
                hi = Math.max(hi, p.n());
            }
        }
        return hi == 0 ? new int[] {0, 0} : new int[] {lo, hi};
    }

    /** The runs the rows came from, by arm (compare.json's order) then seed. */
    public List<SeedRun> runs() {
        return runs;
    }

    /** The seeds that ran, ascending. */
    public List<Integer> seeds() {
        return runs.stream().map(SeedRun::seed).distinct().sorted().toList();
    }

    /** Rows left out because compare.json does not list their metric or arm. */
    public int leftOut() {
        return leftOut;
    }
}
