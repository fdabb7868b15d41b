package org.preflab.engine.oracle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The questions a run puts to a person, and the answers, in {@code <run>/human/}: requests.jsonl (one question a
 * line, in ask order) and answers.jsonl (one answer a line). Any number of queues may be open on one folder, in this
 * process (the run's oracle, the workbench) or others ({@code preflab label}); the files are the truth and each
 * queue reads what the others append.
 *
 * <p>An answer is written and forced to disk before {@link #answer} returns, so a crash or restart loses none; a
 * line cut short by a kill is ignored. Appends take a lock (an OS file lock on {@code human/.lock}, plus a monitor
 * within this process, where POSIX locks do not exclude), so two labellers cannot both answer one question: the
 * first answer is final and a second is refused.
 *
 * <p>Changes made elsewhere are noticed by polling the files' sizes every {@value #POLL_MS} ms, started by the first
 * {@link #addListener} or {@link #answerFor}; {@link #close} stops it.
 */
public final class HumanQueue implements AutoCloseable {
    static final String FOLDER = "human";
    static final long POLL_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(HumanQueue.class);
    /** One monitor per queue folder in this process: the OS lock only excludes other processes. */
    private static final Map<Path, Object> FOLDER_MONITORS = new ConcurrentHashMap<>();

    private final Path dir;
    private final SharedJsonl requests;
    private final SharedJsonl answers;
    private final Map<String, Comparison> asked = new LinkedHashMap<>();
    private final Map<String, HumanAnswer> answered = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<HumanAnswer>> waiting = new HashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Set when lines were added that listeners have not heard of yet. */
    private boolean unannounced;
    private ScheduledExecutorService poller;
    private boolean closed;

    private HumanQueue(Path dir) {
        this.dir = dir;
        this.requests = new SharedJsonl(dir.resolve("requests.jsonl"));
        this.answers = new SharedJsonl(dir.resolve("answers.jsonl"));
    }

    /** The queue of a run folder ({@code <runDir>/human/}, created if missing), with everything asked and answered. */
    public static HumanQueue open(Path runDir) throws IOException {
        Path dir = runDir.resolve(FOLDER).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            AtomicFiles.syncFolder(dir.getParent());
        }
        HumanQueue q = new HumanQueue(dir);
        q.locked(() -> {
            q.requests.repairLocked();
            q.answers.repairLocked();
            return null;
        });
        q.refresh();
        return q;
    }

    /** The queue's folder ({@code <run>/human}). */
    public Path folder() {
        return dir;
    }

    /**
     * Puts a question to the person, unless its id was asked before (by this queue or any other on the folder).
     *
     * @return true when the question is new
     * @throws IllegalArgumentException when the id was asked before with other texts (an answer given to those must
     *     not be taken for these)
     */
    public boolean ask(Comparison c) throws IOException {
        boolean added;
        synchronized (this) {
            added = locked(() -> {
                readNewLines();
                Comparison before = asked.get(c.id());
                if (before != null) {
                    if (!before.equals(c)) {
                        throw new IllegalArgumentException("question '" + c.id() + "' was asked before with other "
                                + "texts (in " + requests.file() + "); give a new question a new id");
                    }
                    return false;
                }
                requests.appendLocked(HumanQueueLines.request(c, Instant.now()));
                return true;
            });
        }
        refresh();
        return added;
    }

    /**
     * Records a person's answer, durably, before returning it.
     *
     * @param who who answered, kept with the answer ("terminal:alice", "workbench")
     * @throws IllegalArgumentException when no question has this id
     * @throws IllegalStateException when the question was already answered (the first answer is final)
     */
    public HumanAnswer answer(String id, Verdict verdict, String who) throws IOException {
        java.util.Objects.requireNonNull(verdict, "verdict");
        java.util.Objects.requireNonNull(who, "who");
        HumanAnswer written;
        synchronized (this) {
            written = locked(() -> {
                readNewLines();
                Comparison c = asked.get(id);
                if (c == null) {
                    throw new IllegalArgumentException("no question '" + id + "' in " + requests.file());
                }
                HumanAnswer before = answered.get(id);
                if (before != null) {
                    throw new IllegalStateException("question '" + id + "' was already answered " + before.verdict()
                            + " by " + before.who() + " at " + before.time() + "; an answer is final");
                }
                HumanAnswer a = new HumanAnswer(id, verdict, Instant.now(), who, c.prompt(), c.a(), c.b());
                answers.appendLocked(HumanQueueLines.answer(a));
                return a;
            });
        }
        refresh();
        return written;
    }

    /** The questions not answered yet, in the order asked. */
    public List<Comparison> pending() throws IOException {
        refresh();
        synchronized (this) {
            return asked.values().stream().filter(c -> !answered.containsKey(c.id())).toList();
        }
    }

    /** Every answer, in the order given. */
    public List<HumanAnswer> answers() throws IOException {
        refresh();
        synchronized (this) {
            return List.copyOf(answered.values());
        }
    }

    /** The answer to one question, if there is one yet. */
    public Optional<HumanAnswer> answerOf(String id) throws IOException {
        refresh();
        synchronized (this) {
            return Optional.ofNullable(answered.get(id));
        }
    }

    /**
     * A future completed when the question has an answer, from this queue or any other on the folder: at once if
     * it has one already (given before a restart, say). Closing the queue fails the futures still waiting.
     */
    public synchronized CompletableFuture<HumanAnswer> answerFor(String id) {
        HumanAnswer a = answered.get(id);
        if (a != null) {
            return CompletableFuture.completedFuture(a);
        }
        startPolling();
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /**
     * Calls {@code listener} after new questions or answers appear (from any queue on the folder), on the thread
     * that noticed them: the poller, or the one that asked or answered. Keep it short; hand work to your own thread.
     */
    public void addListener(Runnable listener) {
        listeners.add(listener);
        synchronized (this) {
            startPolling();
        }
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Reads what other queues appended since the last look; completes futures and tells listeners. */
    public void refresh() throws IOException {
        List<CompletableFuture<HumanAnswer>> done = new ArrayList<>();
        List<HumanAnswer> doneWith = new ArrayList<>();
        boolean changed;
        synchronized (this) {
            readNewLines();
            changed = unannounced;
            unannounced = false;
            for (HumanAnswer a : answered.values()) {
                CompletableFuture<HumanAnswer> f = waiting.remove(a.id());
                if (f != null) {
                    done.add(f);
                    doneWith.add(a);
                }
            }
        }
        // Outside the monitor: a future's dependants and the listeners may call back into this queue.
        for (int i = 0; i < done.size(); i++) {
            done.get(i).complete(doneWith.get(i));
        }
        if (changed) {
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    LOG.warn("a human-queue listener failed", e);
                }
            }
        }
    }

    /** Stops polling; futures still waiting fail (the run that asked is ending). */
    @Override
    public void close() {
        List<CompletableFuture<HumanAnswer>> unanswered;
        synchronized (this) {
            closed = true;
            if (poller != null) {
                poller.shutdown(); // not shutdownNow: an interrupt would close a file channel mid-read
            }
            unanswered = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        unanswered.forEach(f -> f.completeExceptionally(
                new IllegalStateException("the human queue in " + dir + " was closed before an answer came")));
    }

    /** Applies the files' new lines to the maps (and notes that listeners should hear of them). */
    private synchronized void readNewLines() throws IOException {
        for (String line : requests.readNew()) {
            Comparison c = HumanQueueLines.parseRequest(requests.file(), line);
            if (c != null && asked.putIfAbsent(c.id(), c) == null) {
                unannounced = true;
            }
        }
        for (String line : answers.readNew()) {
            // The first answer in the file wins; a later one could only come from a writer that skipped the lock.
            HumanAnswer a = HumanQueueLines.parseAnswer(answers.file(), line);
            if (a != null && answered.putIfAbsent(a.id(), a) == null) {
                unannounced = true;
            }
        }
    }

    private interface LockedCall<T> {
        T call() throws IOException;
    }

    /** Runs {@code body} holding the folder's monitor (this process) and its OS file lock (other processes). */
    private <T> T locked(LockedCall<T> body) throws IOException {
        synchronized (FOLDER_MONITORS.computeIfAbsent(dir, k -> new Object())) {
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                return body.call();
            }
        }
    }

    private void startPolling() {
        if (poller != null || closed) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preflab-human-queue");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            boolean grown;
            synchronized (this) {
                grown = requests.changed() || answers.changed();
            }
            if (grown) {
                refresh();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot read the human queue: {}", dir, e.getMessage());
        }
    }
}
