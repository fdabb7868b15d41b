package org.preflab.app.gui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.CpuInfo;
import org.preflab.engine.runtime.RuntimeSettings;

/**
 * Reads a run folder off the FX thread: its history once, then (for a run not training in this window) what is
 * appended, twice a second, as {@link RunLog#poll()} finds it. Also runs the dashboard's other file work (forks).
 */
final class FolderWatch implements AutoCloseable {
    static final long POLL_MS = 500;
    private final Path runDir;
    private final RunFeed feed;
    private final ScheduledExecutorService io = org.preflab.app.gui.common.IoThreads.poller();
    private RunLog log; // io thread only
    private ScheduledFuture<?> polling;
    private int polls;

    FolderWatch(Path runDir, RunFeed feed) {
        this.runDir = runDir;
        this.feed = feed;
    }

    /** Reads the history (and the folder's state and device), then keeps polling when {@code follow}. */
    synchronized void start(boolean follow) {
        io.execute(this::readHistory);
        if (follow) {
            follow();
        }
    }

    synchronized void follow() {
        if (polling == null) {
            polling = io.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops polling (the run now reports through its listener); one last poll catches rows written meanwhile. */
    synchronized void stopFollowing() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        io.execute(this::poll);
    }

    /** Runs file work (a fork's copy) on this watch's thread. */
    void execute(Runnable task) {
        io.execute(task);
    }

    private void readHistory() {
        try {
            log = RunLog.open(runDir);
            feed.addHistory(log);
            feed.add(info());
        } catch (IOException | RuntimeException e) {
            feed.add(new RunFeed.Problem(runDir + ": " + e.getMessage()));
        }
    }

    private void poll() {
        if (log == null) {
            readHistory();
            return;
        }
        try {
            feed.addPolled(log.poll());
            if (++polls % 4 == 0) {
                feed.add(info()); // the state on disk changes without new rows (a run killed, or ended)
            }
        } catch (IOException | RuntimeException e) {
            feed.add(new RunFeed.Problem(runDir + ": " + e.getMessage()));
        }
    }

    private RunFeed.Info info() throws IOException {
        RunState disk = log.stateOnDisk();
        int maxSteps = 0;
        int epochs = 0;
        try {
            RunConfig c = log.config();
            maxSteps = c.train().maxSteps();
            epochs = c.train().epochs();
        } catch (IOException | RuntimeException unreadable) {
            // a config the engine cannot read is reported when the run is resumed or forked
        }
        return new RunFeed.Info(disk, device(log.provenance()), maxSteps, epochs, !log.checkpoints().isEmpty(),
                log.isTrl());
    }

    /**
     * The device the run trains on: from its provenance, else this machine's (the run may not have written it). A
     * GPU run names the GPU and its libtorch build; a CPU run that asked for the GPU says so, since it is slower than
     * meant.
     */
    static String device(JsonNode provenance) {
        if (provenance.path("trainer").asText().equals("trl")) { // train_dpo.py's preflab_trl.json, when it wrote one
            JsonNode v = provenance.path("versions");
            return "TRL " + v.path("trl").asText("?") + " · " + provenance.path("device").asText("device ?")
                    + " · " + provenance.path("world_size").asInt(1) + " process"
                    + (provenance.path("world_size").asInt(1) == 1 ? "" : "es");
        }
        JsonNode rt = provenance.path("runtime");
        JsonNode d = rt.path("device");
        if ("gpu".equals(d.path("device").asText())) {
            String flavor = d.path("flavor").asText("");
            return "GPU " + d.path("gpuIndex").asInt(0) + (flavor.isEmpty() ? "" : " (" + flavor + ")") + " · "
                    + rt.path("intraOpThreads").asInt() + " CPU threads";
        }
        if (rt.has("intraOpThreads")) {
            return "CPU " + rt.path("cpuModel").asText("?") + " · " + rt.path("intraOpThreads").asInt() + " threads"
                    + (rt.path("overrideEffective").asBoolean(false) ? " · MKL override" : "")
                    + (d.hasNonNull("warning") ? " · GPU not available" : "");
        }
        return "CPU " + CpuInfo.read().model() + " · " + RuntimeSettings.fromEnvironment().intraOpThreads()
                + " threads";
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
