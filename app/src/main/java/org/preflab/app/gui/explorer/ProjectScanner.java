package org.preflab.app.gui.explorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.preflab.app.compare.CompareSpec;
import org.preflab.app.gui.compare.ComparisonResultsModel;
import org.preflab.app.gui.project.Project;
import org.preflab.app.gui.project.ProjectSummary;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;
import org.preflab.engine.train.StepMetrics;

/**
 * Reads a project folder off the JavaFX thread: its data files, its model, and every run folder under runs_dir,
 * whoever is writing it. Each run folder is followed with one {@link RunLog} whose {@link RunLog#poll()} reads only
 * what was appended, so scanning every two seconds costs little even for long runs. The state of a run this window
 * trains comes from its live handle, of any other from the folder ({@link RunLog#stateOnDisk()}).
 */
final class ProjectScanner {
    /** One data file: where, how the config uses it, whether it is there. */
    record DataFile(Path path, String label, String role, boolean exists) {}

    /** The project's starting checkpoint; {@code detail} is its family and size, or why it cannot be read. */
    record Model(Path path, String detail, boolean ok) {}

    /** One run folder as it stands. {@code total} is 0 when not known yet. */
    record Run(Path dir, String method, org.preflab.app.gui.common.RunKind kind, RunState state, int step, int total, boolean live, List<Path> checkpoints,
            long started) {}

    /**
     * The project's comparison (compare.json and the compare/seeds.csv {@code preflab compare} wrote): its title, or
     * compare.json's problem; {@code runsHere} when compare/runs/ exists.
     */
    record Comparison(Path dir, String title, String problem, boolean runsHere) {}

    /** Everything at one moment; {@code comparison} is null when the project has none with results. */
    record Scan(Project project, List<DataFile> data, Model model, List<Run> runs, Comparison comparison) {}

    /** What is kept between scans of one run folder. */
    private static final class Track {
        RunLog log;
        String method = "?";
        org.preflab.app.gui.common.RunKind kind = org.preflab.app.gui.common.RunKind.UNKNOWN;
        RunConfig config;
        int step;
        int total;
        long started;
    }

    private final Path projectDir;
    private final Function<Path, Optional<RunHandle>> live;
    private final Map<Path, Track> tracks = new HashMap<>();
    private Path modelPath;
    private Model model;
    private Comparison comparison;
    private long comparisonModified = -1;

    ProjectScanner(Path projectDir, Function<Path, Optional<RunHandle>> live) {
        this.projectDir = projectDir;
        this.live = live;
    }

    synchronized Scan scan() {
        Project p = Project.open(projectDir);
        List<DataFile> data = new ArrayList<>();
        for (Path f : p.dataFiles()) {
            data.add(new DataFile(f, relative(p, f), role(p, f), Files.isRegularFile(f)));
        }
        return new Scan(p, data, model(p), runs(p), comparison());
    }

    /** Read again only when compare.json changes: a scan runs every two seconds. */
    private Comparison comparison() {
        if (!ComparisonResultsModel.hasResults(projectDir)) {
            return null;
        }
        Path file = projectDir.resolve(CompareSpec.FILE_NAME);
        boolean runsHere = Files.isDirectory(projectDir.resolve("compare").resolve("runs"));
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (comparison == null || modified != comparisonModified) {
                comparisonModified = modified;
                comparison = new Comparison(projectDir, CompareSpec.load(projectDir).title(), null, runsHere);
            }
        } catch (IOException | RuntimeException e) {
            comparisonModified = -1;
            comparison = new Comparison(projectDir, CompareSpec.FILE_NAME, e.getMessage(), runsHere);
        }
        return new Comparison(projectDir, comparison.title(), comparison.problem(), runsHere);
    }

    private Model model(Project p) {
        Path m = p.modelDir().orElse(null);
        if (m == null) {
            return null;
        }
        if (!m.equals(modelPath)) { // read once: a model folder does not change under a project
            modelPath = m;
            try {
                ModelConfig mc = ModelConfig.load(m);
                model = new Model(m, ProjectSummary.modelType(mc) + ", " + ProjectSummary.count(mc.parameterCount())
                        + " parameters", true);
            } catch (IOException | RuntimeException e) {
                model = new Model(m, e.getMessage(), false);
            }
        }
        return model;
    }

    private List<Run> runs(Project p) {
        Path dir = p.runsDir();
        List<Path> folders = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(RunLog::isRunFolder).forEach(folders::add);
            } catch (IOException unreadable) {
                return List.of();
            }
        }
        tracks.keySet().retainAll(folders);
        List<Run> out = new ArrayList<>();
        for (Path f : folders) {
            Run r = run(f.toAbsolutePath().normalize());
            if (r != null) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(Run::started).reversed().thenComparing(r -> r.dir().getFileName()));
        return out;
    }

    private Run run(Path dir) {
        Track t = tracks.get(dir);
        try {
            if (t == null) {
                t = open(dir);
                tracks.put(dir, t);
            } else {
                RunLog.Update u = t.log.poll();
                if (!u.train().isEmpty()) {
                    t.step = u.train().get(u.train().size() - 1).step();
                }
            }
            if (t.total == 0) {
                t.total = estimateTotal(t);
            }
            Optional<RunHandle> h = live.apply(dir);
            RunState state = h.map(RunHandle::state).orElseGet(t.log::stateOnDisk);
            int step = h.map(RunHandle::step).filter(s -> s > 0).orElse(t.step);
            int total = h.map(RunHandle::totalSteps).filter(s -> s > 0).orElse(state == RunState.FINISHED
                    ? Math.max(t.total, step) : t.total);
            return new Run(dir, t.method, t.kind, state, step, total, h.isPresent(), t.log.checkpoints(), t.started);
        } catch (IOException | RuntimeException unreadable) {
            tracks.remove(dir);
            return null; // half-made (config.json being written); the next scan sees it
        }
    }

    private static Track open(Path dir) throws IOException {
        Track t = new Track();
        t.log = RunLog.open(dir);
        t.started = Files.getLastModifiedTime(dir.resolve("config.json")).toMillis();
        t.kind = org.preflab.app.gui.common.RunKind.of(t.log.configTree());
        t.method = t.kind.method();
        try {
            t.config = t.log.config();
        } catch (IOException | RuntimeException invalid) {
            t.config = null; // listed without a total
        }
        List<StepMetrics> train = t.log.train();
        t.step = train.isEmpty() ? 0 : train.get(train.size() - 1).step();
        return t;
    }

    /** The steps a run takes: as recorded at its start, else from its config and data counts; 0 while unknown. */
    private static int estimateTotal(Track t) {
        if (t.log.totalSteps() > 0) {
            return t.log.totalSteps();
        }
        Optional<StepMetrics> counts = t.log.dataCounts();
        if (t.config == null || counts.isEmpty() || t.config.method().equals("sdpo")) {
            return 0;
        }
        Double pairs = counts.get().values().get(MetricNames.DATA_TRAIN_PAIRS);
        return pairs == null ? 0 : t.config.train().totalSteps(pairs.intValue());
    }

    private static String relative(Project p, Path f) {
        return f.startsWith(p.dir()) ? p.dir().relativize(f).toString() : f.toString();
    }

    private static String role(Project p, Path f) {
        RunConfig c = p.config();
        if (c == null) {
            return "";
        }
        if (c.data().train() != null && f.equals(p.dir().resolve(c.data().train()).normalize())) {
            return "train";
        }
        if (c.data().eval() != null && f.equals(p.dir().resolve(c.data().eval()).normalize())) {
            return "eval";
        }
        if (c.sdpo() != null) {
            int i = c.sdpo().files().stream().map(x -> p.dir().resolve(x).normalize()).toList().indexOf(f);
            if (i >= 0) {
                return "sDPO step " + (i + 1);
            }
        }
        return "";
    }
}
