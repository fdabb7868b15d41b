package org.preflab.app.gui.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.preflab.engine.io.AtomicFiles;

/**
 * A project's file of pairs labelled in the workbench: JSONL in TRL's standard form (prompt, chosen, rejected), so
 * it trains as it is. Each new pair is appended by writing the whole file anew and renaming it into place: a crash
 * leaves the old file or the new one, never a half line, and earlier lines are never lost.
 */
public final class PreferenceFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object(); // two views of one window saving at once

    private PreferenceFile() {}

    /** Appends one pair; returns how many pairs the file now holds. */
    public static int append(Path file, String prompt, String chosen, String rejected) throws IOException {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("prompt", prompt);
        row.put("chosen", chosen);
        row.put("rejected", rejected);
        byte[] line = (JSON.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (LOCK) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] before = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            boolean newline = before.length == 0 || before[before.length - 1] == '\n';
            byte[] all = new byte[before.length + (newline ? 0 : 1) + line.length];
            System.arraycopy(before, 0, all, 0, before.length);
            if (!newline) {
                all[before.length] = '\n'; // a hand-edited file without a final newline keeps its last line whole
            }
            System.arraycopy(line, 0, all, all.length - line.length, line.length);
            AtomicFiles.write(file, all);
            int lines = 0;
            for (String l : new String(all, StandardCharsets.UTF_8).split("\n")) {
                lines += l.isBlank() ? 0 : 1;
            }
            return lines;
        }
    }
}
