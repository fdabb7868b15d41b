package org.preflab.engine.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one writer of a run folder: a process that trains a run holds an OS file lock on {@code <run>/.lock} until
 * the run ends, so a second {@code resume} (from the CLI or the workbench) is refused with a clear message instead
 * of writing every step twice. The OS drops the lock when the process dies, even by {@code kill -9}, so a killed
 * run can always be resumed. Readers use {@link #isHeld} to tell a run that trains from one that was interrupted.
 */
public final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    /**
     * Lock files this process holds. POSIX record locks belong to the process and closing ANY channel on the file
     * drops them, so this process must never open (and close) a probe channel on a file it holds: it asks this set.
     */
    private static final java.util.Set<Path> HELD = new java.util.HashSet<>();
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the run folder's lock, or fails naming the process that holds it. */
    public static RunLock acquire(Path runDir) throws IOException {
        synchronized (HELD) {
            return acquireLocked(runDir);
        }
    }

    private static RunLock acquireLocked(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE).toAbsolutePath().normalize();
        if (HELD.contains(f)) {
            throw new IOException(runDir + ": this run is already being trained in this PrefLab; wait for it to end,"
                    + " or stop it, before resuming");
        }
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            l = null;
        }
        if (l == null) {
            String holder = holder(ch);
            ch.close();
            throw new IOException(runDir + ": this run is already being trained by another PrefLab"
                    + (holder.isEmpty() ? "" : " (process " + holder + ")")
                    + "; wait for it to end, or stop it, before resuming");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        HELD.add(f);
        return new RunLock(f, ch, l);
    }

    /** Whether some process (this one included) trains the run now. */
    public static boolean isHeld(Path runDir) {
        synchronized (HELD) {
            return isHeldLocked(runDir.resolve(FILE).toAbsolutePath().normalize());
        }
    }

    private static boolean isHeldLocked(Path f) {
        if (HELD.contains(f)) {
            return true;
        }
        if (!Files.exists(f)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException sameProcess) {
            return true;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            int n = ch.read(b, 0);
            return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            try {
                lock.release();
            } finally {
                channel.close();
                HELD.remove(file);
            }
        }
    }
}
