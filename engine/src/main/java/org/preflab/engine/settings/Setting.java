package org.preflab.engine.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The description of one setting of experiment.json, declared once beside the record that holds it and used by
 * everything that reads or edits settings: the record's constructor checks values through {@link #check}, {@code
 * --set key=value} parses through {@link #parse}, and the workbench builds its property sheet from the same fields.
 * Every bad value gets the same message wherever it was typed: {@code "train.learning_rate = -1.0 is invalid: must
 * be a finite number >= 0"}.
 *
 * <p>Built with the static factories and refined with the {@code at...} methods, each returning a new description.
 */
public final class Setting {
    private final String key;
    private final SettingType type;
    private final SettingType element;
    private final Object defaultValue;
    private final List<String> choices;
    private final Bound min;
    private final Bound max;
    private final String pattern;
    private final String patternRule;
    private final String note;
    private final String missingHint;
    private final String help;

    /** One end of a range; {@code open} excludes the value itself. */
    private record Bound(double value, boolean open) {}

    private Setting(String key, SettingType type, SettingType element, Object defaultValue, List<String> choices,
            Bound min, Bound max, String pattern, String patternRule, String note, String missingHint, String help) {
        this.key = Objects.requireNonNull(key);
        this.type = type;
        this.element = element;
        this.defaultValue = defaultValue;
        this.choices = choices;
        this.min = min;
        this.max = max;
        this.pattern = pattern;
        this.patternRule = patternRule;
        this.note = note;
        this.missingHint = missingHint;
        this.help = help;
    }

    /** A finite decimal number; {@code def} may be null when the setting has no default. */
    public static Setting number(String key, Double def, String help) {
        return new Setting(key, SettingType.NUMBER, null, def, List.of(), null, null, null, null, null, null, help);
    }

    /** A whole number; {@code def} is an Integer or a Long, as the record holds it. */
    public static Setting integer(String key, Number def, String help) {
        return new Setting(key, SettingType.INTEGER, null, def, List.of(), null, null, null, null, null, null, help);
    }

    public static Setting text(String key, String def, String help) {
        return new Setting(key, SettingType.TEXT, null, def, List.of(), null, null, null, null, null, null, help);
    }

    public static Setting path(String key, String def, String help) {
        return new Setting(key, SettingType.PATH, null, def, List.of(), null, null, null, null, null, null, help);
    }

    /** One of {@code choices} (spelled as in the file); the default is one of them. */
    public static Setting choice(String key, String def, List<String> choices, String help) {
        return new Setting(key, SettingType.CHOICE, null, def, List.copyOf(choices), null, null, null, null, null,
                null, help);
    }

    /** One of an enum's constants, by name; the choices are the enum's, so they cannot drift from the code. */
    public static Setting choice(String key, Enum<?> def, String help) {
        List<String> names = Arrays.stream(def.getDeclaringClass().getEnumConstants()).map(Enum::name).toList();
        return new Setting(key, SettingType.CHOICE, null, def, names, null, null, null, null, null, null, help);
    }

    /** A list of {@code element} values (NUMBER, TEXT or PATH); an empty default means "none given". */
    public static Setting list(String key, SettingType element, List<?> def, String help) {
        if (element != SettingType.NUMBER && element != SettingType.TEXT && element != SettingType.PATH) {
            throw new IllegalArgumentException(key + ": list elements must be numbers, texts or paths");
        }
        return new Setting(key, SettingType.LIST, element, List.copyOf(def), List.of(), null, null, null, null, null,
                null, help);
    }

    /** Values (numbers, or a list's numbers) must be >= {@code v}. */
    public Setting atLeast(double v) {
        return new Setting(key, type, element, defaultValue, choices, new Bound(v, false), max, pattern, patternRule,
                note, missingHint, help);
    }

    /** Values must be > {@code v}. */
    public Setting above(double v) {
        return new Setting(key, type, element, defaultValue, choices, new Bound(v, true), max, pattern, patternRule,
                note, missingHint, help);
    }

    /** Values must be < {@code v}. */
    public Setting below(double v) {
        return new Setting(key, type, element, defaultValue, choices, min, new Bound(v, true), pattern, patternRule,
                note, missingHint, help);
    }

    /** Text must match {@code regex}; {@code rule} says how in words ("use 1-64 letters, digits, . _ -"). */
    public Setting matching(String regex, String rule) {
        return new Setting(key, type, element, defaultValue, choices, min, max, regex, rule, note, missingHint, help);
    }

    /** A remark added to the rule in messages, e.g. "0 turns clipping off". */
    public Setting withNote(String remark) {
        return new Setting(key, type, element, defaultValue, choices, min, max, pattern, patternRule, remark,
                missingHint, help);
    }

    /** The setting must be given; {@code hint} says what to give ("give the starting checkpoint folder"). */
    public Setting required(String hint) {
        return new Setting(key, type, element, defaultValue, choices, min, max, pattern, patternRule, note, hint,
                help);
    }

    /** The dotted key, e.g. "train.learning_rate" ("name" at the top level). */
    public String key() {
        return key;
    }

    /** The section ("train", "dpo", ...), or "" for top-level keys. */
    public String section() {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    /** The key within its section, as written in the file. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    public SettingType type() {
        return type;
    }

    /** For a LIST, the type of its elements; null otherwise. */
    public SettingType elementType() {
        return element;
    }

    /**
     * The value used when the setting is left out, as the record holds it (Double, Integer, Long, String, Enum,
     * List); null when there is none.
     */
    public Object defaultValue() {
        return defaultValue;
    }

    /** For a CHOICE, the allowed names in order; empty otherwise. */
    public List<String> choices() {
        return choices;
    }

    public boolean isRequired() {
        return missingHint != null;
    }

    /** One line saying what the setting does, for help texts and tooltips. */
    public String help() {
        return help;
    }

    /** {@code value}, or the default when it is null (records read left-out keys as null). */
    @SuppressWarnings("unchecked")
    public <T> T or(T value) {
        return value != null ? value : (T) defaultValue;
    }

    /** What a good value looks like, as messages say it: "must be a finite number >= 0", "must be in [0, 1)". */
    public String rule() {
        String r = switch (type) {
            case NUMBER -> min != null && max != null ? "must be in " + interval()
                    : "must be a finite number" + bounds();
            case INTEGER -> min != null && max != null ? "must be an integer in " + interval()
                    : "must be an integer" + bounds();
            case CHOICE -> "must be one of " + choices;
            case LIST -> "must be a list of " + switch (element) {
                case NUMBER -> "finite numbers" + bounds();
                case PATH -> "file paths";
                default -> "names";
            };
            case TEXT, PATH -> patternRule != null ? patternRule
                    : "must be " + (type == SettingType.PATH ? "a path" : "text");
        };
        return note == null ? r : r + " (" + note + ")";
    }

    /** The message for a bad value: "key = value is invalid: rule" (a CHOICE: "key = 'x' is not known; known: ..."). */
    public String problem(Object value) {
        if (value == null && isRequired()) {
            return key + " is missing: " + missingHint;
        }
        if (type == SettingType.CHOICE && value != null) {
            return key + " = " + quote(value) + " is not known; known: " + String.join(", ", choices);
        }
        return key + " = " + quote(value) + " is invalid: " + rule();
    }

    /** An error for a value that breaks a rule this description cannot see alone (one involving another key). */
    public IllegalArgumentException invalid(Object value, String rule) {
        return new IllegalArgumentException(key + " = " + quote(value) + " is invalid: " + rule);
    }

    /**
     * Checks a value as the record holds it (null means "left out": allowed unless required; enums by name) and
     * returns it; a bad value throws {@link IllegalArgumentException} with {@link #problem}.
     */
    public <T> T check(T value) {
        if (!accepts(value)) {
            throw new IllegalArgumentException(problem(value));
        }
        return value;
    }

    private boolean accepts(Object value) {
        if (value == null) {
            // an enum choice has no "left out": its record fills in the default first
            return !isRequired() && !(type == SettingType.CHOICE && defaultValue instanceof Enum);
        }
        return switch (type) {
            case NUMBER -> value instanceof Number n && Double.isFinite(n.doubleValue()) && inRange(n.doubleValue());
            case INTEGER -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && inRange(n.doubleValue());
            case CHOICE -> choices.contains(value instanceof Enum<?> e ? e.name() : value.toString());
            case TEXT, PATH -> value instanceof String s && (pattern == null ? !isRequired() || !s.isBlank()
                    : s.matches(pattern));
            case LIST -> value instanceof List<?> l && l.stream().allMatch(this::elementOk);
        };
    }

    private boolean elementOk(Object v) {
        return switch (element) {
            case NUMBER -> v instanceof Number n && Double.isFinite(n.doubleValue()) && inRange(n.doubleValue());
            default -> v instanceof String s && !s.isBlank();
        };
    }

    /**
     * Reads a value as typed in a text field or after {@code --set key=}: a number, a whole number, a name, or a
     * list as {@code a, b} or {@code ["a", "b"]}. Blank text means "left out" (null). Returns Double, Long, String
     * or a List of those; text that does not read, or a bad value, throws with {@link #problem} quoting the text.
     */
    public Object parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return check(null);
        }
        Object value = switch (type) {
            case NUMBER, INTEGER -> SettingText.number(t, type == SettingType.INTEGER);
            case LIST -> SettingText.elements(t, element == SettingType.NUMBER);
            case CHOICE -> choices.stream().filter(c -> c.equalsIgnoreCase(SettingText.unquote(t))).findFirst()
                    .orElse(SettingText.unquote(t));
            case TEXT, PATH -> SettingText.unquote(t);
        };
        if (value == null || !accepts(value)) {
            throw new IllegalArgumentException(problem(value == null ? t : value));
        }
        return value;
    }

    /** A value as the text {@link #parse} reads back: numbers without noise ("1e-4", "0.9", "8"), lists as "a, b". */
    public String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> l) {
            return String.join(", ", l.stream().map(SettingText::format).toList());
        }
        return SettingText.format(value);
    }

    private boolean inRange(double v) {
        boolean aboveMin = min == null || (min.open() ? v > min.value() : v >= min.value());
        boolean belowMax = max == null || (max.open() ? v < max.value() : v <= max.value());
        return aboveMin && belowMax;
    }

    private String bounds() {
        StringBuilder sb = new StringBuilder();
        if (min != null) {
            sb.append(min.open() ? " > " : " >= ").append(SettingText.format(min.value()));
        }
        if (max != null) {
            sb.append(min != null ? " and" : "").append(max.open() ? " < " : " <= ")
                    .append(SettingText.format(max.value()));
        }
        return sb.toString();
    }

    private String interval() {
        return (min.open() ? "(" : "[") + SettingText.format(min.value()) + ", " + SettingText.format(max.value())
                + (max.open() ? ")" : "]");
    }

    private static String quote(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return value instanceof Enum<?> e ? "'" + e.name() + "'" : String.valueOf(value);
    }

    @Override
    public String toString() {
        return key + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + format(defaultValue) + "): " + help;
    }
}
