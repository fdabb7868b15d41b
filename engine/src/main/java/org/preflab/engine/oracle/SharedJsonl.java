package org.preflab.engine.oracle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSONL file that several processes share: writers append one whole line at a time under the
 * queue's lock and force it to disk; each reader keeps how far it has read and takes complete lines only.
 *
 * <p>A process killed in the middle of a write leaves a last line without its newline. Readers never take it; the
 * next writer, holding the lock (so no live writer can be half-way), cuts it off before appending.
 */
final class SharedJsonl {
    private final Path file;
    /** Bytes read so far: always just after a newline. */
    private long consumed;

    SharedJsonl(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Whether the file has grown (or shrunk) since the last read: a cheap check for the poller. */
    boolean changed() {
        try {
            return Files.size(file) != consumed;
        } catch (IOException missing) {
            return consumed != 0;
        }
    }

    /** The complete lines added since the last call; a last line still without its newline waits. */
    List<String> readNew() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < consumed) {
                consumed = 0; // replaced by a shorter file: read it again (callers ignore ids they know)
            }
            if (size == consumed) {
                return List.of();
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - consumed));
            while (buf.hasRemaining() && ch.read(buf, consumed + buf.position()) >= 0) {
                // read until full or the end of the file
            }
            byte[] bytes = buf.array();
            int end = lastNewline(bytes, buf.position()) + 1;
            if (end == 0) {
                return List.of();
            }
            consumed += end;
            List<String> lines = new ArrayList<>();
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Appends one line (no newline inside) and forces it to disk; the caller holds the queue's lock. */
    void appendLocked(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a JSONL record must be one line: " + line);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = dropTornLine(ch);
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                end += ch.write(buf, end);
            }
            // Metadata too: the new length is what makes the line visible after a power loss.
            ch.force(true);
        }
    }

    /** Cuts off a last line left without its newline by a killed writer; the caller holds the queue's lock. */
    void repairLocked() throws IOException {
        if (Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                dropTornLine(ch);
            }
        }
    }

    /** The length the file should have: just after its last newline. Truncates to it when longer. */
    private static long dropTornLine(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = size;
        ByteBuffer one = ByteBuffer.allocate(4096);
        while (pos > 0) {
            int n = (int) Math.min(one.capacity(), pos);
            one.clear().limit(n);
            while (one.hasRemaining() && ch.read(one, pos - n + one.position()) > 0) {
                // a file read may return fewer bytes than asked
            }
            int nl = lastNewline(one.array(), n);
            if (nl >= 0) {
                pos = pos - n + nl + 1;
                break;
            }
            pos -= n;
        }
        if (pos < size) {
            ch.truncate(pos);
            ch.force(true);
        }
        return pos;
    }

    private static int lastNewline(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
