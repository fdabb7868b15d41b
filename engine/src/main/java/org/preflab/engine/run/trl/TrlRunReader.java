package org.preflab.engine.run.trl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunState;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * Follows a TRL (transformers Trainer) output folder while it is written: the log_history of its trainer_state.json
 * (the one train_dpo.py rewrites after every log, or else the newest checkpoint-N's) as metric rows, and its
 * checkpoint-N folders, start and end as events. A file caught half-written is read again at the next poll.
 */
public final class TrlRunReader {
    static final String STATE = "trainer_state.json";
    /** Written by train_dpo.py: versions, world size and the run's status (running, finished, failed). */
    static final String STATUS = "preflab_trl.json";
    /** Written by preflab export-trl beside the output folder: the experiment it came from. */
    public static final String EXPORT_INFO = "preflab-export.json";
    /** A run not written for this long, and not finished, reads as stopped. */
    static final long QUIET_MS = 180_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one poll found: rows and events, or (restarted) everything again after the history was rewritten. */
    public record Update(List<StepMetrics> rows, List<RunEvent> events, boolean restarted) {}

    private final Path dir;
    private final List<JsonNode> history = new ArrayList<>();
    private final Set<Path> checkpointsSeen = new HashSet<>();
    private int maxSteps;
    private boolean finished;

    public TrlRunReader(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code dir} is a TRL output folder: a trainer_state.json, train_dpo.py's status, or a checkpoint. */
    public static boolean isTrlRun(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE)) || Files.isRegularFile(dir.resolve(STATUS))
                || !checkpointDirs(dir).isEmpty();
    }

    /**
     * The TRL runs of a project's exports: output folders one level inside each export folder of {@code trlDir}
     * ({@code <project>/trl/<export>/<output_dir>}, as preflab export-trl lays them out).
     */
    public static List<Path> exportRuns(Path trlDir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(trlDir)) {
            return out;
        }
        try (Stream<Path> exports = Files.list(trlDir)) {
            for (Path export : exports.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> s = Files.list(export)) {
                    s.filter(d -> Files.isDirectory(d) && isTrlRun(d)).sorted().forEach(out::add);
                }
            }
        } catch (IOException unreadable) {
            // found at the next look
        }
        return out;
    }

    public synchronized Update poll() {
        JsonNode state = newestState();
        if (state == null) {
            return new Update(List.of(), List.of(), false); // nothing yet, or caught half-written
        }
        List<JsonNode> now = new ArrayList<>();
        state.path("log_history").forEach(now::add);
        boolean restarted = now.size() < history.size()
                || (!history.isEmpty() && !now.get(history.size() - 1).equals(history.get(history.size() - 1)));
        List<StepMetrics> rows = new ArrayList<>();
        List<RunEvent> events = new ArrayList<>();
        if (restarted) {
            history.clear();
            checkpointsSeen.clear();
            maxSteps = 0;
            finished = false;
        }
        int total = state.path("max_steps").asInt(0);
        if (total > 0 && total != maxSteps) {
            maxSteps = total;
            events.add(new RunEvent(Instant.now(), 0, RunEvent.STARTED, "TRL run of " + total + " steps",
                    Map.of("start_step", 0, "total_steps", total)));
        }
        for (JsonNode entry : now.subList(history.size(), now.size())) {
            int step = entry.path("step").asInt();
            if (entry.has(TrlMetricMap.TRAIN_RUNTIME)) {
                finished = true;
                events.add(new RunEvent(Instant.now(), step, RunEvent.FINISHED, summary(entry), Map.of()));
            } else {
                rows.add(new StepMetrics(step, numbers(entry, isEval(entry))));
            }
        }
        history.clear();
        history.addAll(now);
        for (Path c : checkpointDirs(dir)) {
            if (Files.isRegularFile(c.resolve(STATE)) && checkpointsSeen.add(c)) {
                int step = stepOf(c);
                events.add(new RunEvent(modified(c), step, RunEvent.CHECKPOINT, "checkpoint " + c.getFileName(),
                        Map.of("path", c.toString())));
            }
        }
        return new Update(rows, events, restarted);
    }

    /**
     * As train_dpo.py's status file says (finished, failed), else finished once TRL's end-of-training entry is in
     * (a run of another script); running while the folder was written in the last few minutes; else stopped
     * (killed, or not started yet).
     */
    public synchronized RunState state() {
        JsonNode status = readJson(dir.resolve(STATUS));
        String said = status == null ? "" : status.path("status").asText();
        if (said.equals("failed")) {
            return RunState.FAILED;
        }
        if (said.equals("finished") || (finished && status == null)) {
            return RunState.FINISHED;
        }
        long newest = Math.max(modified(dir.resolve(STATE)).toEpochMilli(), modified(dir.resolve(STATUS))
                .toEpochMilli());
        return System.currentTimeMillis() - newest < QUIET_MS ? RunState.RUNNING : RunState.STOPPED;
    }

    /** train_dpo.py's status file (versions, world size), marked as a TRL run; {"trainer": "trl"} without it. */
    public JsonNode provenance() {
        JsonNode status = readJson(dir.resolve(STATUS));
        ObjectNode out = status instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
        out.put("trainer", "trl");
        return out;
    }

    /**
     * The experiment the run was exported from (preflab-export.json in the folder above), with {@code "trainer":
     * "trl"} so that a comparison with PrefLab runs names the trainer; a bare {name, method, trainer} otherwise.
     */
    public JsonNode configTree() {
        JsonNode info = dir.getParent() == null ? null : readJson(dir.getParent().resolve(EXPORT_INFO));
        ObjectNode tree = info != null && info.get("experiment") instanceof ObjectNode e ? e.deepCopy()
                : JSON.createObjectNode().put("name", dir.getFileName().toString()).put("method", "dpo");
        tree.put("trainer", "trl");
        return tree;
    }

    /** The data counts the export wrote (data/train_pairs, ...), or null when the run was not exported by PrefLab. */
    public StepMetrics dataCounts() {
        JsonNode info = dir.getParent() == null ? null : readJson(dir.getParent().resolve(EXPORT_INFO));
        if (info == null || !info.path("data").isObject()) {
            return null;
        }
        return new StepMetrics(0, numbers(info.get("data"), false));
    }

    /** checkpoint-N folders that are complete (hold trainer_state.json), by N. */
    public List<Path> checkpoints() {
        return checkpointDirs(dir).stream().filter(c -> Files.isRegularFile(c.resolve(STATE))).toList();
    }

    private JsonNode newestState() {
        JsonNode best = readJson(dir.resolve(STATE));
        List<Path> cps = checkpoints();
        if (!cps.isEmpty()) {
            JsonNode cp = readJson(cps.get(cps.size() - 1).resolve(STATE));
            if (cp != null && (best == null || cp.path("global_step").asInt() > best.path("global_step").asInt())) {
                best = cp;
            }
        }
        return best;
    }

    static List<Path> checkpointDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+") && Files.isDirectory(p))
                    .sorted(java.util.Comparator.comparingInt(TrlRunReader::stepOf)).toList();
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    private static int stepOf(Path checkpoint) {
        String n = checkpoint.getFileName().toString();
        return Integer.parseInt(n.substring(n.indexOf('-') + 1));
    }

    /** The file's JSON, or null while it is missing or half-written. */
    private static JsonNode readJson(Path f) {
        try {
            return Files.isRegularFile(f) ? JSON.readTree(f.toFile()) : null;
        } catch (IOException halfWritten) {
            return null;
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException missing) {
            return Instant.EPOCH;
        }
    }

    private static boolean isEval(JsonNode entry) {
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            if (MetricNames.isEval(it.next())) {
                return true;
            }
        }
        return false;
    }

    /** The entry's numbers but its step and timing; an eval entry keeps only its eval_ values (not TRL's epoch). */
    private static Map<String, Double> numbers(JsonNode entry, boolean evalOnly) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("step") && f.getValue().isNumber() && !TrlMetricMap.TIMING.contains(f.getKey())
                    && (!evalOnly || MetricNames.isEval(f.getKey()))) {
                v.put(f.getKey(), f.getValue().asDouble());
            }
        }
        return v;
    }

    private static String summary(JsonNode e) {
        return String.format(Locale.ROOT, "TRL finished in %.1f s (train_loss %.4f, %.3f steps/s)",
                e.path("train_runtime").asDouble(), e.path("train_loss").asDouble(Double.NaN),
                e.path("train_steps_per_second").asDouble(Double.NaN));
    }
}
