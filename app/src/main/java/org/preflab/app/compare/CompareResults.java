package org.preflab.app.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.preflab.app.gui.compare.Curve;
import org.preflab.app.gui.compare.RunCurves;

/**
 * The comparison's numbers: for each metric, each x value (labels used or step) and each arm, the values its seeds
 * reached there, with their mean, sample standard deviation and count. A seed that has no value at an x (a run
 * that evaluated elsewhere) is not counted there, so n says how many seeds a cell stands on.
 */
public final class CompareResults {
    /** One seed's run of one arm, as read back from its folder. */
    public record SeedRun(CompareSpec.Arm arm, int seed, Path runDir, RunCurves curves) {}

    /** The seeds' values at one x: count, mean and sample standard deviation (NaN below two values). */
    public record Cell(List<Double> values) {
        public int n() {
            return values.size();
        }

        public double mean() {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        public double std() {
            if (values.size() < 2) {
                return Double.NaN;
            }
            double m = mean();
            double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
            return Math.sqrt(ss / (values.size() - 1));
        }
    }

    private final CompareSpec spec;
    private final List<SeedRun> runs;

    private CompareResults(CompareSpec spec, List<SeedRun> runs) {
        this.spec = spec;
        this.runs = runs;
    }

    /** Reads each finished run's metrics (arm and seed in the plan's order). */
    public static CompareResults read(CompareSpec spec, Map<ComparePlan.Job, Path> runDirs) throws IOException {
        List<SeedRun> runs = new ArrayList<>();
        for (Map.Entry<ComparePlan.Job, Path> e : runDirs.entrySet()) {
            runs.add(new SeedRun(e.getKey().arm(), e.getKey().seed(), e.getValue(), RunCurves.read(e.getValue())));
        }
        return new CompareResults(spec, List.copyOf(runs));
    }

    public CompareSpec spec() {
        return spec;
    }

    public List<SeedRun> runs() {
        return runs;
    }

    /** One seed's points of a metric against the spec's x axis (empty when the run never wrote the metric). */
    public Curve curve(SeedRun run, String metric) {
        return run.curves().curve(metric, spec.x().alignment);
    }

    /** Every x at which any seed of any arm has the metric, ascending. */
    public List<Double> xs(String metric) {
        TreeSet<Double> xs = new TreeSet<>();
        for (SeedRun r : runs) {
            for (double x : curve(r, metric).x()) {
                xs.add(x);
            }
        }
        return List.copyOf(xs);
    }

    /** Per arm (in the spec's order), per x: the cell of its seeds' values. */
    public Map<CompareSpec.Arm, TreeMap<Double, Cell>> cells(String metric) {
        Map<CompareSpec.Arm, TreeMap<Double, List<Double>>> values = new LinkedHashMap<>();
        spec.arms().forEach(a -> values.put(a, new TreeMap<>()));
        for (SeedRun r : runs) {
            Curve c = curve(r, metric);
            for (int i = 0; i < c.size(); i++) {
                values.get(r.arm()).computeIfAbsent(c.x()[i], x -> new ArrayList<>()).add(c.y()[i]);
            }
        }
        Map<CompareSpec.Arm, TreeMap<Double, Cell>> cells = new LinkedHashMap<>();
        values.forEach((arm, byX) -> {
            TreeMap<Double, Cell> row = new TreeMap<>();
            byX.forEach((x, v) -> row.put(x, new Cell(List.copyOf(v))));
            cells.put(arm, row);
        });
        return cells;
    }

    /** The seeds that ran, ascending. */
    public List<Integer> seeds() {
        return runs.stream().map(SeedRun::seed).distinct().sorted().toList();
    }
}
