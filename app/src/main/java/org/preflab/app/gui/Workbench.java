package org.preflab.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.apl.AcquisitionRegistry;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.oracle.OracleRegistry;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunService;
import org.preflab.engine.runtime.EngineThread;

/**
 * What every view of one workbench window shares: the engine thread, the run service (the same one the command
 * line uses), the runs this window started, the recent projects, and the navigator. No view touches an NDArray:
 * model work goes to the engine thread and comes back as numbers and strings.
 */
public final class Workbench implements AutoCloseable {
    private final EngineThread engine;
    private final RunService runs;
    // Loaded once at start, like the losses, so every view names the same broken plugins.
    private final OracleRegistry oracles = OracleRegistry.load();
    private final AcquisitionRegistry acquisitions = AcquisitionRegistry.load();
    private final DatasetFormats datasetFormats = DatasetFormats.load();
    private final List<RunHandle> handles = new CopyOnWriteArrayList<>();
    private final RecentProjects recent = RecentProjects.standard();
    private Navigator navigator;

    public Workbench(EngineThread engine) {
        this.engine = engine;
        this.runs = RunService.standard(engine);
    }

    public EngineThread engine() {
        return engine;
    }

    public RunService runService() {
        return runs;
    }

    public PreferenceLosses losses() {
        return runs.losses();
    }

    public OracleRegistry oracles() {
        return oracles;
    }

    public AcquisitionRegistry acquisitions() {
        return acquisitions;
    }

    public DatasetFormats datasetFormats() {
        return datasetFormats;
    }

    public RecentProjects recentProjects() {
        return recent;
    }

    public Navigator navigator() {
        return navigator;
    }

    public void setNavigator(Navigator n) {
        this.navigator = n;
    }

    /** Starts a run from an experiment.json (or project folder); a dashboard opened later finds it by folder. */
    public RunHandle start(Path experimentFile, RunListener... listeners) {
        RunHandle h = runs.start(experimentFile, listeners);
        handles.add(h);
        return h;
    }

    /** Resumes a run folder in this window. */
    public RunHandle resume(Path runDir, RunListener... listeners) {
        RunHandle h = runs.resume(runDir, listeners);
        handles.add(h);
        return h;
    }

    /** The newest handle of a run this window started or resumed, by folder (once the run has made its folder). */
    public Optional<RunHandle> liveRun(Path runDir) {
        Path want = runDir.toAbsolutePath().normalize();
        for (int i = handles.size() - 1; i >= 0; i--) {
            RunHandle h = handles.get(i);
            if (h.runDir() != null && h.runDir().toAbsolutePath().normalize().equals(want)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** Runs this window holds that have not ended. */
    public List<RunHandle> activeRuns() {
        return handles.stream().filter(h -> !h.state().isFinal()).toList();
    }

    /** Stops every active run at its next step (each writes its checkpoint) and waits for them to end. */
    @Override
    public void close() {
        for (RunHandle h : activeRuns()) {
            h.control().stop();
        }
        for (RunHandle h : handles) {
            try {
                h.outcome().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway; the run's folder has its last checkpoint
            }
        }
    }
}
