package org.preflab.app.gui.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.preflab.app.compare.CompareSpec;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.run.RunLog;

/**
 * The results of a sample's comparison ({@code preflab compare}) as the workbench shows them: compare.json's title,
 * arms and metrics, and compare/seeds.csv aggregated per metric, arm and x (mean, ± 1 sample std, n seeds). It
 * needs no run folder: compare/runs/ is not in git, so a fresh checkout has only the CSVs. When the runs are there,
 * {@link #openRuns()} opens them together in the ordinary compare view, aligned by the comparison's x.
 */
public final class ComparisonResultsModel {
    /** One line of a metric's table: x, then each arm's cell as results.md writes it ("0.673 ± 0.099 (n=5)"). */
    public record TableRow(String x, List<String> cells) {}

    /** What one background read gives: the spec, the aggregated seeds, and the run folders that are here. */
    public record Loaded(CompareSpec spec, SeedSummary summary, List<Path> runDirs) {}

    private final Path sample;
    private final ModelThreads threads;
    private final Navigator navigator;
    private final ReadOnlyObjectWrapper<Loaded> loaded = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public ComparisonResultsModel(Path sample, ModelThreads threads, Navigator navigator) {
        this.sample = sample.toAbsolutePath().normalize();
        this.threads = threads;
        this.navigator = navigator;
    }

    /** A folder with compare.json and the compare/seeds.csv that {@code preflab compare} wrote from it. */
    public static boolean hasResults(Path folder) {
        return Files.isRegularFile(folder.resolve(CompareSpec.FILE_NAME))
                && Files.isRegularFile(seedsFile(folder));
    }

    /** The sample whose compare/runs/ holds every one of these runs, when it has results. */
    public static Optional<Path> sampleOfRuns(List<Path> runDirs) {
        if (runDirs.isEmpty()) {
            return Optional.empty();
        }
        Path runs = runDirs.get(0).toAbsolutePath().normalize().getParent();
        boolean together = runDirs.stream().allMatch(d -> runs.equals(d.toAbsolutePath().normalize().getParent()));
        if (!together || runs.getParent() == null || runs.getParent().getParent() == null
                || !runs.getFileName().toString().equals("runs")
                || !runs.getParent().getFileName().toString().equals("compare")) {
            return Optional.empty();
        }
        Path sample = runs.getParent().getParent();
        return hasResults(sample) ? Optional.of(sample) : Optional.empty();
    }

    static Path seedsFile(Path sample) {
        return sample.resolve("compare").resolve("seeds.csv");
    }

    /** Reads compare.json and seeds.csv in the background; a problem goes to {@link #errorProperty()}. */
    public void load() {
        threads.load(() -> read(sample), this::apply, e -> error.set(e.getMessage()));
    }

    static Loaded read(Path sample) throws IOException {
        CompareSpec spec = CompareSpec.load(sample);
        Path seeds = seedsFile(sample);
        if (!Files.isRegularFile(seeds)) {
            throw new IOException(seeds + ": no such file; `preflab compare " + sample + "` writes it");
        }
        List<String> arms = spec.arms().stream().map(CompareSpec.Arm::label).toList();
        SeedSummary summary = SeedSummary.of(SeedsCsv.read(seeds, spec.x().key), spec.metrics(), arms);
        List<Path> dirs = new ArrayList<>();
        for (SeedSummary.SeedRun r : summary.runs()) {
            Path d = sample.resolve("compare").resolve("runs").resolve(r.run());
            if (RunLog.isRunFolder(d)) {
                dirs.add(d);
            }
        }
        return new Loaded(spec, summary, List.copyOf(dirs));
    }

    void apply(Loaded l) {
        error.set("");
        loaded.set(l);
    }

    public Path sample() {
        return sample;
    }

    /** The last read, or null before it (and after a failed first read). */
    public ReadOnlyObjectProperty<Loaded> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The metric's table, one row per x, a cell per arm (empty where an arm has no value there). */
    public List<TableRow> table(String metric) {
        Loaded l = loaded.get();
        if (l == null) {
            return List.of();
        }
        List<SeedSummary.ArmCurve> curves = l.summary().curves(metric);
        List<TableRow> rows = new ArrayList<>();
        for (double x : l.summary().xs(metric)) {
            List<String> cells = new ArrayList<>();
            for (SeedSummary.ArmCurve c : curves) {
                cells.add(c.points().stream().filter(p -> p.x() == x).findFirst().map(ComparisonResultsModel::cell)
                        .orElse(""));
            }
            rows.add(new TableRow(number(x), List.copyOf(cells)));
        }
        return rows;
    }

    /** What the runs row says: how many runs are here, or why they are not. */
    public String runsNote() {
        Loaded l = loaded.get();
        if (l == null) {
            return "";
        }
        int all = l.summary().runs().size();
        if (l.runDirs().size() == all) {
            return all + " runs in compare/runs/";
        }
        return (l.runDirs().isEmpty() ? "The runs are not here" : "Only " + l.runDirs().size() + " of " + all
                + " runs are here") + " (compare/runs/ is not in git): `preflab compare " + sample.getFileName()
                + "` trains them again, or reuses those that are.";
    }

    /** Whether {@link #openRuns()} has at least two runs to compare. */
    public boolean canOpenRuns() {
        Loaded l = loaded.get();
        return l != null && l.runDirs().size() >= 2;
    }

    /** Opens the runs that are here in the compare view, aligned by the comparison's x, its metrics chosen. */
    public void openRuns() {
        if (canOpenRuns()) {
            Loaded l = loaded.get();
            navigator.openCompare(l.runDirs(), l.spec().x().alignment, l.spec().metrics());
        }
    }

    /** As results.md writes a cell: the mean, ± the sample std from two seeds on, and n. */
    static String cell(SeedSummary.Point p) {
        String mean = String.format(Locale.ROOT, "%.3f", p.mean());
        return p.n() < 2 ? mean + " (n=1)"
                : mean + " ± " + String.format(Locale.ROOT, "%.3f", p.std()) + " (n=" + p.n() + ")";
    }

    static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
