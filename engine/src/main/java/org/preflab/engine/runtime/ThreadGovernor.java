package org.preflab.engine.runtime;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits libtorch's intra-op thread count to the cores other work leaves free ({@code PREFLAB_CPU=adaptive}, the
 * launchers' default). The OpenMP threads spin briefly between parallel regions, which is fast on an idle machine but
 * fights a busy process for the cores; one thread fewer has no region to wait in. Measured on 2 cores (llama-135m DPO
 * step, tokens/s): idle, 2 spinning threads about 290, 1 thread 170; beside one busy loop, 2 spinning 137, 2 sleeping
 * 160, 1 thread 174. So at most every half second, as a forward starts (a training step's, a scored batch's, a
 * sampled token's: {@link #poll}), this compares the busy time of the CPUs the process may use with the model's own
 * and drops a thread while other work takes most of a core beyond the ones left free, and takes it back once that work
 * stops (README, Settings).
 *
 * <p>The count changes no result: MKL runs in its reproducible mode and libtorch's kernels split work so that sums do
 * not depend on it (a llama-135m run gives bitwise the same losses on 1 and 2 threads; {@code
 * ThreadCountResultsTest}), so a run stays reproducible and resumes bit for bit whatever the load did.
 */
public final class ThreadGovernor {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadGovernor.class);
    /**
     * Shortest time between two looks at the machine: 50 of the kernel's 10 ms ticks a core, a steady enough reading,
     * and short enough that a run of a few seconds beside a busy process gets its thread back out of the way.
     */
    static final long WINDOW_NANOS = 500_000_000L;

    private static volatile ThreadGovernor active;

    private final int max;
    private final Supplier<Sample> source;
    private final IntConsumer apply;
    private int current;
    private Sample last;
    private long lastNanos;
    /** Changes not yet taken by {@link #takeChanges()}, described for the run's events. */
    private final List<String> changes = new ArrayList<>();
    private Thread modelThread;

    /**
     * CPU time in the kernel's ticks since boot: all CPUs' busy time, this process's share of it that the model runs
     * (its own threads less the other Java threads', such as the workbench's drawing), and all time.
     */
    record Sample(long total, long busy, long own, int cpus) {}

    ThreadGovernor(int max, Supplier<Sample> source, IntConsumer apply) {
        this.max = max;
        this.current = max;
        this.source = source;
        this.apply = apply;
    }

    /** Turns it on for this process when {@code PREFLAB_CPU=adaptive}; {@code threads} is the configured count. */
    static void startIfAsked(String cpuSetting, int threads) {
        if ("adaptive".equals(cpuSetting) && threads > 1 && Files.isReadable(Path.of("/proc/stat"))) {
            BitSet allowed;
            try {
                allowed = allowedCpus(Files.readAllLines(Path.of("/proc/self/status")));
            } catch (IOException | RuntimeException unreadable) {
                allowed = new BitSet();
            }
            BitSet cpus = allowed;
            active = new ThreadGovernor(threads, () -> read(cpus), n -> {
                JniUtils.setNumThreads(n);
                LOG.debug("intra-op threads now {} of {}", n, threads);
            });
        }
    }

    /**
     * Called by every forward ({@code TransformerLM.hidden}), on the thread that runs the model; costs a clock read
     * most times. The caller is taken as the model's thread: its CPU is the model's, and libtorch's count is per
     * thread.
     */
    public static void poll() {
        ThreadGovernor g = active;
        if (g != null) {
            g.pollFrom(Thread.currentThread(), System.nanoTime());
        }
    }

    synchronized void pollFrom(Thread caller, long now) {
        if (caller != modelThread) { // the first call, or a new engine thread: readings start afresh
            modelThread = caller;
            last = null;
        }
        check(now);
    }

    synchronized void check(long now) {
        if (last != null && now - lastNanos < WINDOW_NANOS) {
            return;
        }
        Sample s = source.get();
        if (s == null) {
            return;
        }
        if (last != null && s.total() > last.total()) {
            double others = s.cpus() * (double) ((s.busy() - last.busy()) - (s.own() - last.own()))
                    / (s.total() - last.total());
            int next = decide(current, max, s.cpus(), others);
            if (next != current) {
                apply.accept(next);
                changes.add(String.format(Locale.ROOT, "intra-op threads %d -> %d: other work takes %.2f of %d cores",
                        current, next, others, s.cpus()));
                current = next;
            }
        }
        last = s;
        lastNanos = now;
    }

    /** The changes since the last call, described for the run's events (none when off). */
    public static List<String> takeChanges() {
        ThreadGovernor g = active;
        return g == null ? List.of() : g.drain();
    }

    synchronized List<String> drain() {
        List<String> out = List.copyOf(changes);
        changes.clear();
        return out;
    }

    int current() {
        return current;
    }

    /**
     * The thread count for {@code others} cores of other work: one fewer while that work takes more than three
     * quarters of a core beyond what the machine leaves free, one more once it leaves a quarter of a core over (the
     * gap keeps a half-busy machine from flipping it every window).
     */
    static int decide(int current, int max, int cpus, double others) {
        int next = current;
        while (next > 1 && others > cpus - next + 0.75) {
            next--;
        }
        while (next < max && others < cpus - next - 0.75) {
            next++;
        }
        return next;
    }

    /** The times of the CPUs this process may run on ({@code /proc/stat}; all when unknown), and its own. */
    private static Sample read(BitSet allowed) {
        try {
            long total = 0;
            long idle = 0;
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                String[] f = line.trim().split("\\s+");
                if (!f[0].startsWith("cpu") || f[0].length() == 3
                        || (!allowed.isEmpty() && !allowed.get(Integer.parseInt(f[0].substring(3))))) {
                    continue;
                }
                for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                    total += Long.parseLong(f[i]);
                }
                idle += Long.parseLong(f[4]) + Long.parseLong(f[5]);
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd on
            long process = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            int cpus = allowed.isEmpty() ? Runtime.getRuntime().availableProcessors() : allowed.cardinality();
            return new Sample(total, total - idle, process - otherJavaTicks(Thread.currentThread().getId()), cpus);
        } catch (IOException | RuntimeException unreadable) {
            return null; // no /proc as expected: keep the count
        }
    }

    /** Cpus_allowed_list ("0-3,6") as a set; empty when the line is missing. */
    static BitSet allowedCpus(List<String> status) {
        BitSet out = new BitSet();
        for (String line : status) {
            if (line.startsWith("Cpus_allowed_list:")) {
                for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                    String[] r = part.trim().split("-");
                    int lo = Integer.parseInt(r[0]);
                    out.set(lo, (r.length == 2 ? Integer.parseInt(r[1]) : lo) + 1);
                }
            }
        }
        return out;
    }

    /** CPU of this process's Java threads other than the model's, in ticks of 10 ms. */
    private static long otherJavaTicks(long self) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = id == self ? -1 : mx.getThreadCpuTime(id);
            nanos += Math.max(t, 0);
        }
        return nanos / 10_000_000L;
    }
}
