package org.preflab.app.gui.pairs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Notices new per-pair evaluations of a run, whether this window or another process (a CLI run) is writing it: it
 * lists the run's evals/ folder every {@code periodMillis} on its own daemon thread and calls {@code onChange} when
 * the set of files changed. Listing a folder is cheap; the files are read only when something new is there.
 */
public final class EvalWatcher implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final Path evalsDir;
    private final Runnable onChange;
    private volatile String last;

    public EvalWatcher(Path runDir, long periodMillis, Runnable onChange) {
        this.evalsDir = runDir.resolve("evals");
        this.onChange = onChange;
        this.last = fingerprint();
        this.timer = org.preflab.app.gui.common.IoThreads.poller();
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        String now = fingerprint();
        if (!now.equals(last)) {
            last = now;
            onChange.run();
        }
    }

    /** The sorted file names with their sizes: a new eval step, or a file rewritten, changes it. */
    private String fingerprint() {
        if (!Files.isDirectory(evalsDir)) {
            return "";
        }
        try (Stream<Path> s = Files.list(evalsDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().map(p -> {
                try {
                    return p.getFileName() + ":" + Files.size(p);
                } catch (IOException gone) {
                    return p.getFileName() + ":-";
                }
            }).reduce("", (a, b) -> a + "," + b);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
