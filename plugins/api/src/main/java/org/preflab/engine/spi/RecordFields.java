package org.preflab.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One record being read by a {@link DatasetFormat}: typed access to its fields, each of which adds a
 * {@link FieldProblem} when the field is missing, empty or of the wrong type, so every format words its errors alike
 * ("field 'chosen' should be a string, got a number"). The getters return null after recording a problem.
 */
public final class RecordFields {
    private final Map<String, Object> values;
    private final List<FieldProblem> problems = new ArrayList<>();

    /** @param values the record as JSON decodes it (see {@link DatasetFormat}) */
    public RecordFields(Map<String, Object> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /** The record itself, for fields the getters do not cover. */
    public Map<String, Object> values() {
        return values;
    }

    /** True when the record has the key, even with a null value. */
    public boolean has(String field) {
        return values.containsKey(field);
    }

    /** The string, or null after recording why not; an optional field may be absent, null or empty (""). */
    public String text(String field, boolean required) {
        Object v = values.get(field);
        if (v == null) {
            if (required) {
                problem(field, ProblemKind.MISSING_FIELD, "field '" + field + "' is missing");
            }
            return required ? null : "";
        }
        if (!(v instanceof String s)) {
            problem(field, ProblemKind.WRONG_TYPE, "field '" + field + "' should be a string, got " + typeOf(v));
            return null;
        }
        if (required && s.isBlank()) {
            problem(field, ProblemKind.EMPTY_FIELD, "field '" + field + "' is empty");
            return null;
        }
        return s;
    }

    /** A required number, or null after recording why not. */
    public Number number(String field) {
        Object v = values.get(field);
        if (v == null) {
            problem(field, ProblemKind.MISSING_FIELD, "field '" + field + "' is missing");
            return null;
        }
        if (!(v instanceof Number n)) {
            problem(field, ProblemKind.WRONG_TYPE, "field '" + field + "' should be a number, got " + typeOf(v));
            return null;
        }
        return n;
    }

    /** A non-empty list of {role, content} messages (other keys ignored), or null after recording why not. */
    public List<ChatMessage> messages(String field) {
        Object v = values.get(field);
        if (v == null) {
            problem(field, ProblemKind.MISSING_FIELD, "field '" + field + "' is missing");
            return null;
        }
        if (!(v instanceof List<?> list)) {
            problem(field, ProblemKind.WRONG_TYPE, "field '" + field + "' should be a list of {\"role\", \"content\"} "
                    + "messages, got " + typeOf(v));
            return null;
        }
        if (list.isEmpty()) {
            problem(field, ProblemKind.EMPTY_FIELD, "field '" + field + "' is an empty list of messages");
            return null;
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problem(at, ProblemKind.WRONG_TYPE, "field '" + at + "' should be a {\"role\", \"content\"} message, got "
                        + typeOf(list.get(i)));
                continue;
            }
            String role = part(m, at, "role");
            String content = part(m, at, "content");
            if (role != null && content != null) {
                out.add(new ChatMessage(role, content));
            }
        }
        return out.size() == list.size() ? out : null;
    }

    /** Records a problem of this record. */
    public void problem(String field, ProblemKind kind, String message) {
        problems.add(new FieldProblem(field, kind, message));
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The problems recorded so far, in order. */
    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    /** A JSON value's type for messages: "a string", "a number", "a boolean", "a list", "an object" or "null". */
    public static String typeOf(Object v) {
        if (v instanceof String) return "a string";
        if (v instanceof Number) return "a number";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof List) return "a list";
        if (v instanceof Map) return "an object";
        return "null";
    }

    private String part(Map<?, ?> message, String at, String key) {
        Object v = message.get(key);
        String field = at + "." + key;
        if (v == null) {
            problem(field, ProblemKind.MISSING_FIELD, "field '" + field + "' is missing");
            return null;
        }
        if (!(v instanceof String s)) {
            problem(field, ProblemKind.WRONG_TYPE, "field '" + field + "' should be a string, got " + typeOf(v));
            return null;
        }
        return s;
    }
}
