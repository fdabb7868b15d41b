package org.preflab.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file so that readers (and a crash) see either the old content or the complete new one, never half a
 * checkpoint: write a temporary file in the same folder (a rename is only atomic within one file system), fsync
 * it, rename it over the target, then fsync the folder so the rename itself survives a power loss.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the file's whole content to an open channel. */
    interface Body {
        void writeTo(FileChannel ch) throws IOException;
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // Not Files.createTempFile: that creates mode 0600 on POSIX, and the rename would carry it over to the
        // checkpoint. CREATE_NEW gives the usual umask permissions; the random part avoids clashing with a
        // concurrent writer or a leftover from a crash.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        syncFolder(dir);
    }

    public static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Folders cannot be opened or synced on some platforms (Windows); the rename is still atomic there.
        }
    }

    /** Deletes a folder and everything in it (children first). */
    public static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
