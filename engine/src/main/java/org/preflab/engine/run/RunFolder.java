package org.preflab.engine.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * A run on disk: config.json, provenance.json, metrics.jsonl and events.jsonl (append-only, one JSON object a
 * line, flushed each line) and checkpoints/.
 */
public final class RunFolder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** A new folder runs/NAME-yyyyMMdd-HHmmss (with -2, -3 ... if taken). */
    public static RunFolder create(Path runsDir, String name) throws IOException {
        Files.createDirectories(runsDir);
        String base = name + "-" + STAMP.format(Instant.now());
        Path dir = runsDir.resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = runsDir.resolve(base + "-" + i);
        }
        Files.createDirectories(dir.resolve("checkpoints"));
        return new RunFolder(dir);
    }

    public static RunFolder open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IOException(dir + ": not a run folder (no config.json)");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public void writeJson(String file, Object value) throws IOException {
        AtomicFiles.write(dir.resolve(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /** Writes rows as a JSONL file under the run folder, atomically (e.g. evals/step-000100.jsonl). */
    public void writeJsonLines(String file, List<Map<String, Object>> rows) throws IOException {
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> r : rows) {
            sb.append(JSON.writeValueAsString(r)).append('\n');
        }
        AtomicFiles.write(target, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void appendMetrics(StepMetrics m) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", m.step());
        row.putAll(m.values());
        append("metrics.jsonl", row);
    }

    /**
     * The data counts as a step-0 metrics row (data/train_pairs, data/eval_pairs, data/truncated, data/dropped):
     * truncation is part of the run's record, never silent. Written once; a resumed run keeps the first.
     */
    public void appendDataCounts(int train, int eval, int truncated, int dropped) throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        if (Files.exists(f) && Files.size(f) > 0) {
            return;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", 0);
        row.put(MetricNames.DATA_TRAIN_PAIRS, train);
        row.put(MetricNames.DATA_EVAL_PAIRS, eval);
        row.put(MetricNames.DATA_TRUNCATED, truncated);
        row.put(MetricNames.DATA_DROPPED, dropped);
        append("metrics.jsonl", row);
    }

    public void appendEvent(RunEvent e) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", e.time().toString());
        row.put("step", e.step());
        row.put("type", e.type());
        row.put("message", e.message());
        if (!e.data().isEmpty()) {
            row.put("data", e.data());
        }
        append("events.jsonl", row);
    }

    /** evals/pairs.jsonl: each eval pair's index, prompt, chosen and rejected text (written at the first eval). */
    public static final String EVAL_PAIR_TEXTS = "evals/pairs.jsonl";

    /** evals/step-NNNNNN.jsonl: each eval pair's rewards, margin and loss at that step. */
    public static String evalFile(int step) {
        return String.format(java.util.Locale.ROOT, "evals/step-%06d.jsonl", step);
    }

    /** samples/step-NNNNNN.jsonl: greedy continuations of eval prompts at that step. */
    public static String samplesFile(int step) {
        return String.format(java.util.Locale.ROOT, "samples/step-%06d.jsonl", step);
    }

    private void append(String file, Map<String, Object> row) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(JSON.writeValueAsString(row));
            w.write('\n');
        }
    }

    /**
     * Drops metric rows after {@code step} (work a crash lost since the last checkpoint), so a resumed run's
     * metrics.jsonl reads as if it had never stopped. A torn last line from a kill mid-write goes too.
     */
    public void truncateMetricsAfter(int step) throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        if (!Files.exists(f)) {
            return;
        }
        List<String> keep = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            try {
                if (JSON.readTree(line).get("step").asInt() <= step) {
                    keep.add(line);
                }
            } catch (IOException | NullPointerException torn) {
                break;
            }
        }
        AtomicFiles.write(f, keep.isEmpty() ? new byte[0] : (String.join("\n", keep) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Drops a half-written last line (a kill mid-append), so appends after a resume start on a line of their own. */
    public void dropTornLine(String file) throws IOException {
        Path f = dir.resolve(file);
        if (!Files.exists(f) || Files.size(f) == 0) {
            return;
        }
        byte[] bytes = Files.readAllBytes(f);
        if (bytes[bytes.length - 1] == '\n') {
            return;
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        AtomicFiles.write(f, java.util.Arrays.copyOf(bytes, end));
    }

    /** All metric rows, in order. */
    public List<Map<String, Object>> readMetrics() throws IOException {
        return RunLog.jsonLines(dir.resolve("metrics.jsonl"));
    }
}
