package org.preflab.app.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.preflab.app.gui.compare.Curve;

/**
 * Writes a comparison's tables: results.md (a table per metric, x then each arm's mean ± std and n, with its
 * chart), results.csv (the same numbers, one row per metric, x and arm) and seeds.csv (every seed's own value, for
 * anyone who wants another statistic than ours).
 */
final class ResultsFiles {
    private ResultsFiles() {}

    /** The chart's file name for a metric: '/' and other odd characters become '_' ("eval_rewards_margins.png"). */
    static String chartFile(String metric) {
        return metric.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    static void markdown(CompareResults r, Path file, String command, List<String> reusedNote) throws IOException {
        CompareSpec spec = r.spec();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(spec.title()).append("\n\n");
        md.append("Written by `").append(command).append("`. Each cell is the mean ± sample standard deviation over ")
                .append("the seeds with a value in that row (n of them; seeds ").append(join(r.seeds()))
                .append(").\n\n");
        md.append("| arm | config | overrides |\n|---|---|---|\n");
        for (CompareSpec.Arm a : spec.arms()) {
            md.append("| ").append(a.label()).append(" | `").append(a.config()).append("` | ")
                    .append(a.set().isEmpty() ? "" : "`" + String.join("`, `", a.set()) + "`").append(" |\n");
        }
        for (String metric : spec.metrics()) {
            md.append("\n## ").append(metric).append("\n\n");
            Map<CompareSpec.Arm, TreeMap<Double, CompareResults.Cell>> cells = r.cells(metric);
            List<Double> xs = r.xs(metric);
            if (xs.isEmpty()) {
                md.append("No run wrote `").append(metric).append("` against ").append(spec.x().words).append(".\n");
                continue;
            }
            md.append("| ").append(spec.x().words);
            spec.arms().forEach(a -> md.append(" | ").append(a.label()));
            md.append(" |\n|---:");
            spec.arms().forEach(a -> md.append("|---"));
            md.append("|\n");
            for (double x : xs) {
                md.append("| ").append(number(x));
                for (CompareSpec.Arm a : spec.arms()) {
                    CompareResults.Cell c = cells.get(a).get(x);
                    md.append(" | ").append(c == null ? "" : cellText(c));
                }
                md.append(" |\n");
            }
            md.append("\n![").append(metric).append("](").append(chartFile(metric)).append(")\n");
        }
        md.append("\n## Runs\n\n| arm | seed | run |\n|---|---:|---|\n");
        for (CompareResults.SeedRun s : r.runs()) {
            md.append("| ").append(s.arm().label()).append(" | ").append(s.seed()).append(" | `runs/")
                    .append(s.runDir().getFileName()).append("` |\n");
        }
        reusedNote.forEach(n -> md.append("\n").append(n).append("\n"));
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }

    static void csv(CompareResults r, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("metric,").append(r.spec().x().key).append(",arm,n,mean,std\n");
        for (String metric : r.spec().metrics()) {
            r.cells(metric).forEach((arm, row) -> row.forEach((x, c) -> csv.append(metric).append(',')
                    .append(number(x)).append(',').append(quoted(arm.label())).append(',').append(c.n()).append(',')
                    .append(value(c.mean())).append(',').append(value(c.std())).append('\n')));
        }
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
    }

    static void seedsCsv(CompareResults r, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("metric,").append(r.spec().x().key).append(",arm,seed,value,run\n");
        for (String metric : r.spec().metrics()) {
            for (CompareResults.SeedRun s : r.runs()) {
                Curve c = r.curve(s, metric);
                for (int i = 0; i < c.size(); i++) {
                    csv.append(metric).append(',').append(number(c.x()[i])).append(',')
                            .append(quoted(s.arm().label())).append(',').append(s.seed()).append(',')
                            .append(value(c.y()[i])).append(',').append(s.runDir().getFileName()).append('\n');
                }
            }
        }
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
    }

    private static String cellText(CompareResults.Cell c) {
        String mean = String.format(Locale.ROOT, "%.3f", c.mean());
        return c.n() < 2 ? mean + " (n=1)"
                : mean + " ± " + String.format(Locale.ROOT, "%.3f", c.std()) + " (n=" + c.n() + ")";
    }

    private static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static String value(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A CSV field: quoted when it holds a comma or a quote (an arm's label may). */
    private static String quoted(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String join(List<Integer> seeds) {
        return String.join(", ", seeds.stream().map(String::valueOf).toList());
    }
}
