package org.preflab.engine.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the complete lines appended to a file since the last read. */
final class JsonlTail {
    private final Path file;
    private long offset;

    JsonlTail(Path file) {
        this.file = file;
    }

    record Lines(List<String> lines, boolean restarted) {}

    Lines read() throws IOException {
        if (!Files.exists(file)) {
            return new Lines(List.of(), false);
        }
        boolean restarted = false;
        long size = Files.size(file);
        if (size < offset) { // rewritten shorter (a resume truncated it): read it all again
            offset = 0;
            restarted = true;
        }
        if (size == offset) {
            return new Lines(List.of(), restarted);
        }
        byte[] bytes;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, size - offset)];
            f.readFully(bytes);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--; // a half-written last line waits for the next read
        }
        offset += end;
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return new Lines(lines, restarted);
    }
}
