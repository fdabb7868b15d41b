package org.preflab.engine.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing a run recorded besides metrics: a checkpoint, a reference refresh, a health finding, a resume, a
 * failure. The same value goes to events.jsonl and to listeners. {@code data} holds the structured part (a health
 * finding's kind, explanation and fix; a checkpoint's path) as plain strings and numbers.
 *
 * @param time when it happened
 * @param step the global step it belongs to (0 before training starts)
 * @param type what it is: one of the constants below, or {@code health:<kind>}
 * @param message one readable line
 * @param data structured details by name (may be empty)
 */
public record RunEvent(Instant time, int step, String type, String message, Map<String, Object> data) {
    public static final String CHECKPOINT = "checkpoint";
    public static final String REFERENCE_REFRESH = "reference_refresh";
    public static final String REFERENCE = "reference";
    public static final String EVALUATION = "evaluation";
    public static final String RESUME = "resume";
    public static final String FORK = "fork";
    public static final String PAUSED = "paused";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";
    public static final String FINISHED = "finished";
    /** Training (re)starts: data start_step and total_steps (so readers of the folder know the total). */
    public static final String STARTED = "started";
    public static final String WARNING = "warning";
    /** One intra-op thread fewer or more, for the cores other work left ({@code PREFLAB_CPU=adaptive}). */
    public static final String THREADS = "threads";
    /** Health findings are {@code health:<kind>}, with data kind, explanation and fix. */
    public static final String HEALTH_PREFIX = "health:";

    public RunEvent {
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static RunEvent of(int step, String type, String message) {
        return new RunEvent(Instant.now(), step, type, message, Map.of());
    }

    public static RunEvent health(int step, HealthMonitor.Finding f) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", f.code());
        d.put("explanation", f.explanation());
        d.put("fix", f.fix());
        return new RunEvent(Instant.now(), step, HEALTH_PREFIX + f.code(), f.message(), d);
    }

    public boolean isHealth() {
        return type.startsWith(HEALTH_PREFIX);
    }

    /** A detail as text, or "" when absent. */
    public String detail(String name) {
        Object v = data.get(name);
        return v == null ? "" : v.toString();
    }
}
