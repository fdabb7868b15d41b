package org.preflab.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * A run folder read back, by any process: its config, provenance, metrics (train rows, eval rows and the data
 * counts apart), events, per-pair evaluations, samples and checkpoints. {@link #poll()} follows a run that another
 * process (a CLI run, a TRL run later) is still writing: it returns only what was appended since the last call and
 * leaves a half-written last line for the next one.
 */
public final class RunLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Tail metricsTail;
    private final Tail eventsTail;
    private final List<StepMetrics> train = new ArrayList<>();
    private final List<StepMetrics> evals = new ArrayList<>();
    private final List<RunEvent> events = new ArrayList<>();
    private StepMetrics dataCounts;

    private RunLog(Path dir) {
        this.dir = dir;
        this.metricsTail = new Tail(dir.resolve("metrics.jsonl"));
        this.eventsTail = new Tail(dir.resolve("events.jsonl"));
    }

    /** Opens a run folder and reads what it holds so far. */
    public static RunLog open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IOException(dir + ": not a run folder (no config.json)");
        }
        RunLog log = new RunLog(dir);
        log.poll();
        return log;
    }

    /** Whether {@code dir} looks like a run folder. */
    public static boolean isRunFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json")) && Files.isDirectory(dir.resolve("checkpoints"));
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    /** What was appended since the last poll (metrics and events), now also in the lists below. */
    public record Update(List<StepMetrics> train, List<StepMetrics> evals, List<RunEvent> events,
            StepMetrics dataCounts) {
        public boolean isEmpty() {
            return train.isEmpty() && evals.isEmpty() && events.isEmpty() && dataCounts == null;
        }
    }

    /**
     * Reads what the run appended since the last call. A metrics file that shrank (a resume dropped rows after its
     * checkpoint) is read again from the start, and the lists are rebuilt.
     */
    public synchronized Update poll() throws IOException {
        List<StepMetrics> newTrain = new ArrayList<>();
        List<StepMetrics> newEvals = new ArrayList<>();
        StepMetrics newCounts = null;
        Tail.Lines m = metricsTail.read();
        if (m.restarted()) {
            train.clear();
            evals.clear();
            dataCounts = null;
        }
        for (String line : m.lines()) {
            StepMetrics row = metricsRow(line);
            if (row == null) {
                continue;
            }
            if (row.values().containsKey(MetricNames.DATA_TRAIN_PAIRS)) {
                dataCounts = row;
                newCounts = row;
            } else if (row.values().keySet().stream().anyMatch(MetricNames::isEval)) {
                evals.add(row);
                newEvals.add(row);
            } else {
                train.add(row);
                newTrain.add(row);
            }
        }
        List<RunEvent> newEvents = new ArrayList<>();
        Tail.Lines e = eventsTail.read();
        if (e.restarted()) {
            events.clear();
        }
        for (String line : e.lines()) {
            RunEvent ev = eventRow(line);
            if (ev != null) {
                events.add(ev);
                newEvents.add(ev);
            }
        }
        return new Update(newTrain, newEvals, newEvents, newCounts);
    }

    public synchronized List<StepMetrics> train() {
        return List.copyOf(train);
    }

    public synchronized List<StepMetrics> evals() {
        return List.copyOf(evals);
    }

    public synchronized List<RunEvent> events() {
        return List.copyOf(events);
    }

    public synchronized Optional<StepMetrics> dataCounts() {
        return Optional.ofNullable(dataCounts);
    }

    /** The run's config.json as a tree (paths resolved, as the run used it). */
    public JsonNode configTree() throws IOException {
        return JSON.readTree(dir.resolve("config.json").toFile());
    }

    public RunConfig config() throws IOException {
        return RunConfig.load(dir.resolve("config.json"));
    }

    /** provenance.json as a tree, or an empty object when absent. */
    public JsonNode provenance() throws IOException {
        Path p = dir.resolve("provenance.json");
        return Files.exists(p) ? JSON.readTree(p.toFile()) : JSON.createObjectNode();
    }

    /**
     * The state a reader can tell from the folder alone: running while a process holds the run's lock
     * ({@link RunLock}); else the last finished, stopped or failed event since the last resume; else stopped (the
     * process was killed). The live state of a run in this process is its {@link RunHandle}'s (it can be paused).
     */
    public synchronized RunState stateOnDisk() {
        if (RunLock.isHeld(dir)) {
            return RunState.RUNNING;
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            switch (events.get(i).type()) {
                case RunEvent.FINISHED: return RunState.FINISHED;
                case RunEvent.FAILED: return RunState.FAILED;
                case RunEvent.STOPPED: return RunState.STOPPED;
                case RunEvent.RESUME: i = -1; break;
                default: break;
            }
        }
        return RunState.STOPPED;
    }

    /** The run's total optimizer steps as its last start recorded them, or 0 when unknown (an older run folder). */
    public synchronized int totalSteps() {
        for (int i = events.size() - 1; i >= 0; i--) {
            RunEvent e = events.get(i);
            if (e.type().equals(RunEvent.STARTED) && e.data().get("total_steps") instanceof Number n) {
                return n.intValue();
            }
        }
        return 0;
    }

    /** Steps with a per-pair evaluation file (evals/step-N.jsonl), ascending. */
    public List<Integer> evalSteps() throws IOException {
        return stepsIn("evals");
    }

    /** Steps with a samples file (samples/step-N.jsonl), ascending. */
    public List<Integer> sampleSteps() throws IOException {
        return stepsIn("samples");
    }

    /** Each eval pair's rewards, margin and loss at {@code step}. */
    public List<Map<String, Object>> evalPairs(int step) throws IOException {
        return jsonLines(dir.resolve(RunFolder.evalFile(step)));
    }

    /**
     * The eval pairs' texts (index, prompt, chosen, rejected) from evals/pairs.jsonl; empty for runs recorded before
     * that file existed.
     */
    public List<Map<String, Object>> evalPairTexts() throws IOException {
        return jsonLines(dir.resolve(RunFolder.EVAL_PAIR_TEXTS));
    }

    public List<Map<String, Object>> samples(int step) throws IOException {
        return jsonLines(dir.resolve(RunFolder.samplesFile(step)));
    }

    /** Complete checkpoints (checkpoints/step-N), oldest first (by their step in the whole run: multi-stage runs). */
    public List<Path> checkpoints() throws IOException {
        Path c = dir.resolve("checkpoints");
        if (!Files.isDirectory(c)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.filter(p -> p.getFileName().toString().startsWith("step-") && Files.isDirectory(p))
                    .sorted(java.util.Comparator.comparingInt(org.preflab.engine.train.Checkpoints::runStep)
                            .thenComparing(Path::toString)).toList();
        }
    }

    private List<Integer> stepsIn(String sub) throws IOException {
        Path d = dir.resolve(sub);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+\\.jsonl"))
                    .map(n -> Integer.parseInt(n.substring(5, n.length() - 6))).sorted().toList();
        }
    }

    /** The rows of a JSONL file (none when it does not exist). */
    static List<Map<String, Object>> jsonLines(Path f) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!Files.exists(f)) {
            return rows;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = JSON.readValue(line, LinkedHashMap.class);
                rows.add(row);
            }
        }
        return rows;
    }

    private static StepMetrics metricsRow(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.has("step")) {
                return null;
            }
            Map<String, Double> v = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("step") && f.getValue().isNumber()) {
                    v.put(f.getKey(), f.getValue().asDouble());
                }
            }
            return new StepMetrics(n.get("step").asInt(), v);
        } catch (IOException malformed) {
            return null;
        }
    }

    private static RunEvent eventRow(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.has("type")) {
                return null;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            JsonNode d = n.get("data");
            if (d != null && d.isObject()) {
                d.fields().forEachRemaining(f -> data.put(f.getKey(),
                        f.getValue().isNumber() ? f.getValue().numberValue() : f.getValue().asText()));
            }
            Instant time = n.has("time") ? Instant.parse(n.get("time").asText()) : Instant.EPOCH;
            return new RunEvent(time, n.path("step").asInt(), n.get("type").asText(), n.path("message").asText(), data);
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    /** Reads the complete lines appended to a file since the last read. */
    private static final class Tail {
        private final Path file;
        private long offset;

        Tail(Path file) {
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
}
