package org.preflab.app.gui.dashboard;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.preflab.app.gui.Workbench;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunListener;

/** How the dashboard finds and starts runs in this window (the workbench's run service; a fake in tests). */
interface RunAccess {
    /** The run training (or queued, or ended) in this window for {@code runDir}, if any. */
    Optional<LiveRun> live(Path runDir);

    /** Continues a stopped run (or a fork) from its newest checkpoint in this window. */
    LiveRun resume(Path runDir, RunListener listener);

    static RunAccess of(Workbench wb) {
        return new RunAccess() {
            @Override
            public Optional<LiveRun> live(Path runDir) {
                Optional<RunHandle> h = wb.liveRun(runDir);
                return h.or(() -> Resumed.find(wb, runDir)).map(LiveRun::of);
            }

            @Override
            public LiveRun resume(Path runDir, RunListener listener) {
                RunHandle h = wb.resume(runDir, listener);
                Resumed.remember(wb, runDir, h);
                return LiveRun.of(h);
            }
        };
    }

    /**
     * Resumes started from a dashboard, by folder: a resumed run has no folder on its handle until it starts, and
     * it may wait behind the run training now, so the workbench cannot find it by folder yet.
     */
    final class Resumed {
        private static final Map<Workbench, Map<Path, RunHandle>> BY_WORKBENCH = new WeakHashMap<>();

        private Resumed() {}

        static synchronized void remember(Workbench wb, Path runDir, RunHandle h) {
            BY_WORKBENCH.computeIfAbsent(wb, k -> new HashMap<>()).put(runDir.toAbsolutePath().normalize(), h);
        }

        static synchronized Optional<RunHandle> find(Workbench wb, Path runDir) {
            Map<Path, RunHandle> m = BY_WORKBENCH.get(wb);
            return m == null ? Optional.empty() : Optional.ofNullable(m.get(runDir.toAbsolutePath().normalize()));
        }
    }
}
