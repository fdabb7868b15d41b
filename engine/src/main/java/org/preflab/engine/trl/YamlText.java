package org.preflab.engine.trl;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Values written the way PyYAML (what TRL's parser uses) reads them back as the intended type. PyYAML follows YAML
 * 1.1, where {@code 1e-4} is a string: a float needs a dot and a signed exponent ({@code 1.0e-4}), so every
 * float is written with both. Strings are double-quoted JSON strings, which YAML reads as the same text.
 */
final class YamlText {
    private YamlText() {}

    static String value(Object v) {
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Number n) {
            return floating(n.doubleValue());
        }
        if (v instanceof List<?> l) {
            return l.stream().map(YamlText::value).collect(Collectors.joining(", ", "[", "]"));
        }
        return quote(String.valueOf(v));
    }

    /** A float PyYAML reads as a float: "0.1", "1.0e-4", "3.0", "1.0e+10". */
    static String floating(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        String s = Double.toString(d).toLowerCase(Locale.ROOT); // always has a dot: "1.0e-4", "0.1", "3.0"
        int e = s.indexOf('e');
        if (e >= 0 && s.charAt(e + 1) != '-') {
            s = s.substring(0, e + 1) + "+" + s.substring(e + 1);
        }
        return s;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
