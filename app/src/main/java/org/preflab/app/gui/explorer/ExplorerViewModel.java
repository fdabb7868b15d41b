package org.preflab.app.gui.explorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.common.IoThreads;
import org.preflab.engine.run.RunState;

/**
 * The project explorer's state: three sections (datasets, checkpoints, runs) kept up to date by scanning the
 * project every two seconds off the JavaFX thread, so that runs started from the command line appear and runs
 * training anywhere show their state and step. Entries are updated in place (same objects), never rebuilt.
 */
public final class ExplorerViewModel implements AutoCloseable {
    static final long POLL_MS = 2000;

    private final Path projectDir;
    private final Workbench workbench;
    private final Navigator navigator;
    private final Executor ui;
    private final ProjectScanner scanner;
    private final ExplorerEntry datasets = new ExplorerEntry(ExplorerEntry.Kind.SECTION, null, "Datasets");
    private final ExplorerEntry checkpoints = new ExplorerEntry(ExplorerEntry.Kind.SECTION, null, "Checkpoints");
    private final ExplorerEntry runs = new ExplorerEntry(ExplorerEntry.Kind.SECTION, null, "Runs");
    private final ExplorerEntry comparison = new ExplorerEntry(ExplorerEntry.Kind.SECTION, null, "Comparison");
    private final Map<Path, ExplorerEntry> byPath = new HashMap<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper configError = new ReadOnlyStringWrapper("");
    private ScheduledExecutorService poller;

    /** @param ui where scan results are applied: the JavaFX thread ({@code Platform::runLater}) */
    public ExplorerViewModel(Path projectDir, Workbench workbench, Navigator navigator, Executor ui) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.workbench = workbench;
        this.navigator = navigator;
        this.ui = ui;
        this.scanner = new ProjectScanner(this.projectDir, workbench::liveRun);
        title.set(this.projectDir.getFileName().toString());
    }

    /** The three sections, in order. */
    public List<ExplorerEntry> sections() {
        return List.of(datasets, checkpoints, runs);
    }

    /**
     * The section of the project's comparison (a sample with compare.json and its results): empty for a project
     * without one, and then not shown.
     */
    public ExplorerEntry comparisonSection() {
        return comparison;
    }

    public ObservableList<ExplorerEntry> datasets() {
        return datasets.children();
    }

    /** The project's model first, then one group per run holding its checkpoints. */
    public ObservableList<ExplorerEntry> checkpoints() {
        return checkpoints.children();
    }

    public ObservableList<ExplorerEntry> runs() {
        return runs.children();
    }

    public Path projectDir() {
        return projectDir;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** experiment.json's problem (engine message, file and line), or empty. */
    public ReadOnlyStringProperty configErrorProperty() {
        return configError.getReadOnlyProperty();
    }

    /** Scans now and every two seconds on a thread of its own; results are applied on {@code ui}. */
    public void startPolling() {
        if (poller == null) {
            poller = IoThreads.poller();
            poller.scheduleWithFixedDelay(this::refreshInBackground, 0, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** One scan on the calling thread, applied through {@code ui} (tests call this with a direct executor). */
    public void refreshInBackground() {
        try {
            ProjectScanner.Scan s = scanner.scan();
            ui.execute(() -> apply(s));
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep polling, and say what went wrong
            String message = "cannot read the project folder: " + e;
            ui.execute(() -> configError.set(message));
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    // Actions (called by the view on the JavaFX thread)

    /** Double-click: a dataset's view, a checkpoint's, a run's dashboard. */
    public void open(ExplorerEntry e) {
        if (e == null || e.path() == null) {
            return;
        }
        switch (e.kind()) {
            case DATASET -> navigator.openDataset(e.path());
            case MODEL, CHECKPOINT -> navigator.openCheckpoint(e.path());
            case RUN, CHECKPOINT_GROUP -> navigator.openRun(e.path());
            case COMPARISON -> navigator.openComparison(e.path());
            default -> { }
        }
    }

    public void openSetup() {
        navigator.openRunSetup(projectDir.resolve("experiment.json"));
    }

    public void samples(ExplorerEntry run) {
        navigator.openSamples(run.path());
    }

    public void drillDown(ExplorerEntry run) {
        navigator.openDrillDown(run.path(), -1);
    }

    public void acquisition(ExplorerEntry run) {
        navigator.openAcquisition(run.path());
    }

    public void labelling(ExplorerEntry run) {
        navigator.openLabelling(run.path());
    }

    public void lossCurves(ExplorerEntry run) {
        navigator.openTeaching(run.path());
    }

    /** Overlays the chosen runs; the first chosen is the baseline. */
    public void compare(List<ExplorerEntry> chosen) {
        List<Path> dirs = chosen.stream().filter(e -> e.kind() == ExplorerEntry.Kind.RUN).map(ExplorerEntry::path)
                .toList();
        if (dirs.size() >= 2) {
            navigator.openCompare(dirs);
        }
    }

    public static boolean canCompare(List<ExplorerEntry> chosen) {
        return chosen.stream().filter(e -> e != null && e.kind() == ExplorerEntry.Kind.RUN).count() >= 2;
    }

    /** A stopped or failed run that this window is not already training continues from its newest checkpoint. */
    public boolean canResume(ExplorerEntry run) {
        return run != null && run.kind() == ExplorerEntry.Kind.RUN
                && (run.state() == RunState.STOPPED || run.state() == RunState.FAILED)
                && workbench.liveRun(run.path()).map(h -> h.state().isFinal()).orElse(true);
    }

    public void resume(ExplorerEntry run) {
        if (canResume(run)) {
            workbench.resume(run.path());
            navigator.notify("resuming " + run.path().getFileName(), false);
            navigator.openRun(run.path());
        }
    }

    // Applying a scan

    void apply(ProjectScanner.Scan s) {
        title.set(s.project().name() + (s.project().config() == null ? "" : "  (" + s.project().config().method() + ")"));
        configError.set(s.project().configError() == null ? "" : s.project().configError());
        Set<Path> seen = new LinkedHashSet<>();

        List<ExplorerEntry> data = new ArrayList<>();
        for (ProjectScanner.DataFile f : s.data()) {
            ExplorerEntry e = entry(ExplorerEntry.Kind.DATASET, f.path(), f.label(), seen);
            e.setDetail(f.exists() ? f.role() : (f.role().isEmpty() ? "" : f.role() + ", ") + "missing");
            e.setProblem(!f.exists());
            data.add(e);
        }
        syncChildren(datasets.children(), data);

        List<ExplorerEntry> ckpts = new ArrayList<>();
        if (s.model() != null) {
            ExplorerEntry m = entry(ExplorerEntry.Kind.MODEL, s.model().path(), "model", seen);
            m.setLabel(s.model().path().startsWith(s.project().dir())
                    ? s.project().dir().relativize(s.model().path()).toString() : s.model().path().toString());
            m.setDetail(s.model().detail());
            m.setProblem(!s.model().ok());
            ckpts.add(m);
        }
        List<ExplorerEntry> runEntries = new ArrayList<>();
        for (ProjectScanner.Run r : s.runs()) {
            ExplorerEntry run = entry(ExplorerEntry.Kind.RUN, r.dir(), r.dir().getFileName().toString(), seen);
            run.setRun(r.state(), r.step(), r.total());
            run.setRunKind(r.kind());
            run.setDetail(runDetail(r));
            run.setProblem(r.state() == RunState.FAILED);
            runEntries.add(run);
            if (!r.checkpoints().isEmpty()) {
                Path groupKey = r.dir().resolve("checkpoints");
                ExplorerEntry g = entry(ExplorerEntry.Kind.CHECKPOINT_GROUP, groupKey, r.dir().getFileName().toString(), seen);
                g.setDetail(r.checkpoints().size() + (r.checkpoints().size() == 1 ? " checkpoint" : " checkpoints"));
                List<ExplorerEntry> steps = new ArrayList<>();
                for (Path c : r.checkpoints()) {
                    steps.add(entry(ExplorerEntry.Kind.CHECKPOINT, c, c.getFileName().toString(), seen));
                }
                syncChildren(g.children(), steps);
                ckpts.add(g);
            }
        }
        syncChildren(checkpoints.children(), ckpts);
        syncChildren(runs.children(), runEntries);
        List<ExplorerEntry> comparisons = new ArrayList<>();
        if (s.comparison() != null) {
            ProjectScanner.Comparison c = s.comparison();
            ExplorerEntry e = entry(ExplorerEntry.Kind.COMPARISON, c.dir(), "", seen);
            e.setLabel("Comparison: " + c.title());
            e.setDetail(c.problem() != null ? c.problem()
                    : c.runsHere() ? "results and runs" : "results (the runs are not here)");
            e.setProblem(c.problem() != null);
            comparisons.add(e);
        }
        syncChildren(comparison.children(), comparisons);
        byPath.keySet().retainAll(seen);
    }

    /** e.g. "running, step 12 / 21, dpo, this window". */
    static String runDetail(ProjectScanner.Run r) {
        String step = r.total() > 0 ? "step " + r.step() + " / " + r.total() : "step " + r.step();
        return r.state().name().toLowerCase(Locale.ROOT) + ", " + step + ", " + r.method();
    }

    /** The entry for {@code path}: the same object as last time when the path was there before. */
    private ExplorerEntry entry(ExplorerEntry.Kind kind, Path path, String label, Set<Path> seen) {
        seen.add(path);
        ExplorerEntry e = byPath.get(path);
        if (e == null || e.kind() != kind) {
            e = new ExplorerEntry(kind, path, label);
            byPath.put(path, e);
        }
        return e;
    }

    /**
     * Makes {@code list} equal to {@code wanted} with the fewest removals and insertions, so that rows which stay
     * are not touched (a tree keeps their selection and expansion).
     */
    static void syncChildren(ObservableList<ExplorerEntry> list, List<ExplorerEntry> wanted) {
        Set<ExplorerEntry> keep = new java.util.HashSet<>(wanted);
        list.removeIf(e -> !keep.contains(e));
        for (int i = 0; i < wanted.size(); i++) {
            ExplorerEntry w = wanted.get(i);
            if (i < list.size() && list.get(i) == w) {
                continue;
            }
            list.remove(w);
            list.add(i, w);
        }
    }
}
