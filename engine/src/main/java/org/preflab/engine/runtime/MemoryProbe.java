package org.preflab.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Numbers for memory-flatness tests: a leak of NDArrays shows as a growing array count under the root manager long
 * before it shows in RSS (djl.md §2 "Memory": 260 to 34,688 arrays over 300 steps). RSS also includes the JVM heap
 * and glibc's retained free memory, so compare it only after a warm-up and with a tolerance.
 */
public final class MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    /**
     * Array count and RSS at one moment.
     *
     * @param arrays distinct open arrays under the manager, sub-managers included
     * @param rssMb resident set size in MiB
     */
    public record Snapshot(int arrays, long rssMb) {}

    /** Takes both numbers; call on the thread that owns {@code manager} (the engine thread). */
    public static Snapshot snapshot(NDManager manager) {
        return new Snapshot(managedArrays(manager), rssMb());
    }

    /** This process's resident set size in MiB ({@code VmRSS} of /proc/self/status). */
    public static long rssMb() {
        return rssKb() / 1024;
    }

    /** This process's peak resident set size so far in MiB ({@code VmHWM}), what the issue reports call peak RSS. */
    public static long peakRssMb() {
        try {
            return parseKb(Files.readString(STATUS), "VmHWM:") / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " (Linux only)", e);
        }
    }

    /**
     * This process's resident set size in KiB.
     *
     * @throws UncheckedIOException where /proc/self/status is missing or has no VmRSS line (not Linux)
     */
    public static long rssKb() {
        try {
            return parseVmRssKb(Files.readString(STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " (Linux only)", e);
        }
    }

    /**
     * Distinct arrays still attached to {@code manager}, counted through every sub-manager and NDList:
     * {@code BaseNDManager.getManagedArrays()} already recurses into sub-managers (checked in DJL 0.35.1 bytecode and
     * by MemoryProbeTest); counted by identity so an array reached twice counts once.
     */
    public static int managedArrays(NDManager manager) {
        Set<NDArray> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(manager.getManagedArrays());
        return distinct.size();
    }

    static long parseVmRssKb(String status) throws IOException {
        return parseKb(status, "VmRSS:");
    }

    private static long parseKb(String status, String key) throws IOException {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    throw new IOException("unreadable " + key + " line: " + line, e);
                }
            }
        }
        throw new IOException("no " + key + " line in " + STATUS);
    }
}
