package org.preflab.engine.data.format;

import java.util.List;
import java.util.Map;

/**
 * The keys and types the built-in formats tell apart, so that exactly one of them claims a record: {@code chosen}
 * and {@code rejected} both strings or both lists; then {@code instruction} marks alpaca data, else {@code prompt}
 * an explicit prompt. Other keys are ignored, as TRL ignores extra columns.
 */
final class RecordShape {
    private RecordShape() {}

    static boolean textPair(Map<String, Object> r) {
        return r.get("chosen") instanceof String && r.get("rejected") instanceof String;
    }

    static boolean messagePair(Map<String, Object> r) {
        return r.get("chosen") instanceof List && r.get("rejected") instanceof List;
    }

    /** Neither alpaca (instruction) nor explicit prompt. */
    static boolean noPromptKey(Map<String, Object> r) {
        return !r.containsKey("instruction") && !r.containsKey("prompt");
    }

    static boolean promptKey(Map<String, Object> r) {
        return !r.containsKey("instruction") && r.containsKey("prompt");
    }
}
