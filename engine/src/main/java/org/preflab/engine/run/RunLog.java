package org.preflab.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.preflab.engine.run.trl.TrlRunReader;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * A run folder read back, by any process: its config, provenance, metrics (train rows, eval rows and the data
 * counts apart), events, per-pair evaluations, samples and checkpoints. {@link #poll()} follows a run that another
 * process (a CLI run, a TRL run later) is still writing: it returns only what was appended since the last call and
 * leaves a half-written last line for the next one.
 *
 * <p>A TRL output folder (trainer_state.json, checkpoint-N) reads the same way through {@link TrlRunReader}: its
 * log_history as metric rows, its checkpoints, start and end as events, so it shows beside PrefLab's runs.
 */
public final class RunLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final JsonlTail metricsTail;
    private final JsonlTail eventsTail;
    private final TrlRunReader trl; // null for a PrefLab run folder
    private final List<StepMetrics> train = new ArrayList<>();
    private final List<StepMetrics> evals = new ArrayList<>();
    private final List<RunEvent> events = new ArrayList<>();
    private StepMetrics dataCounts;

    private RunLog(Path dir, TrlRunReader trl) {
        this.dir = dir;
        this.trl = trl;
        this.metricsTail = new JsonlTail(dir.resolve("metrics.jsonl"));
        this.eventsTail = new JsonlTail(dir.resolve("events.jsonl"));
    }

    /** Opens a run folder (PrefLab's, or a TRL output folder) and reads what it holds so far. */
    public static RunLog open(Path dir) throws IOException {
        // TRL first: its output_dir gets a config.json too (the model's, when the final model is saved there)
        boolean preflab = !TrlRunReader.isTrlRun(dir) && Files.isRegularFile(dir.resolve("config.json"));
        if (!preflab && !TrlRunReader.isTrlRun(dir)) {
            throw new IOException(dir + ": not a run folder (no config.json, and no trainer_state.json or "
                    + "checkpoint-N of a TRL run)");
        }
        RunLog log = new RunLog(dir, preflab ? null : new TrlRunReader(dir));
        log.poll();
        return log;
    }

    /** Whether {@code dir} looks like a run folder. */
    public static boolean isRunFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json")) && Files.isDirectory(dir.resolve("checkpoints"))
                && !TrlRunReader.isTrlRun(dir);
    }

    /** Whether {@code dir} is a run folder or a TRL output folder (what {@link #open} reads). */
    public static boolean isReadable(Path dir) {
        return isRunFolder(dir) || TrlRunReader.isTrlRun(dir);
    }

    /** Whether this is a TRL output folder (read-only here: it cannot be resumed or forked by PrefLab). */
    public boolean isTrl() {
        return trl != null;
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
        if (trl != null) {
            return pollTrl();
        }
        JsonlTail.Lines m = metricsTail.read();
        List<StepMetrics> rows = new ArrayList<>();
        for (String line : m.lines()) {
            StepMetrics row = metricsRow(line);
            if (row != null) {
                rows.add(row);
            }
        }
        List<RunEvent> newEvents = new ArrayList<>();
        JsonlTail.Lines e = eventsTail.read();
        for (String line : e.lines()) {
            RunEvent ev = eventRow(line);
            if (ev != null) {
                newEvents.add(ev);
            }
        }
        return take(rows, m.restarted(), newEvents, e.restarted());
    }

    private Update pollTrl() {
        boolean first = train.isEmpty() && evals.isEmpty() && events.isEmpty() && dataCounts == null;
        TrlRunReader.Update u = trl.poll();
        List<StepMetrics> rows = new ArrayList<>(u.rows());
        StepMetrics counts = trl.dataCounts();
        if (counts != null && (first || u.restarted())) {
            rows.add(0, counts);
        }
        return take(rows, u.restarted(), u.events(), u.restarted());
    }

    /** Sorts new rows into train, eval and the data counts; a restarted source first drops what it gave before. */
    private Update take(List<StepMetrics> rows, boolean rowsRestarted, List<RunEvent> newEvents,
            boolean eventsRestarted) {
        List<StepMetrics> newTrain = new ArrayList<>();
        List<StepMetrics> newEvals = new ArrayList<>();
        StepMetrics newCounts = null;
        if (rowsRestarted) {
            train.clear();
            evals.clear();
            dataCounts = null;
        }
        for (StepMetrics row : rows) {
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
        if (eventsRestarted) {
            events.clear();
        }
        events.addAll(newEvents);
        return new Update(newTrain, newEvals, List.copyOf(newEvents), newCounts);
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
        if (trl != null) {
            return trl.configTree();
        }
        return JSON.readTree(dir.resolve("config.json").toFile());
    }

    public RunConfig config() throws IOException {
        if (trl != null) { // the experiment it was exported from, as far as PrefLab can read it
            com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                    trl.configTree().deepCopy();
            tree.remove("trainer");
            return RunConfig.fromTree(tree);
        }
        return RunConfig.load(dir.resolve("config.json"));
    }

    /** provenance.json as a tree, or an empty object when absent. */
    public JsonNode provenance() throws IOException {
        if (trl != null) {
            return trl.provenance();
        }
        Path p = dir.resolve("provenance.json");
        return Files.exists(p) ? JSON.readTree(p.toFile()) : JSON.createObjectNode();
    }

    /**
     * The state a reader can tell from the folder alone: running while a process holds the run's lock
     * ({@link RunLock}); else the last finished, stopped or failed event since the last resume; else stopped (the
     * process was killed). The live state of a run in this process is its {@link RunHandle}'s (it can be paused).
     */
    public synchronized RunState stateOnDisk() {
        if (trl != null) {
            return trl.state();
        }
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
        if (trl != null) {
            return trl.checkpoints();
        }
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
}
