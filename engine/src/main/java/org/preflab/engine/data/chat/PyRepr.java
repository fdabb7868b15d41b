package org.preflab.engine.data.chat;

import com.hubspot.jinjava.objects.SafeString;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Python's {@code str()} and {@code repr()} for what a template prints: {@code {{ flag }}} is "True",
 * {@code {{ names }}} is "['a', 'b']", {@code {{ 0.1 + 0.2 }}} is "0.30000000000000004". jinjava prints Java's
 * "true", "[a, b]"; its Python-style printer escapes control characters in plain strings, corrupting message text.
 * Null prints as nothing: jinjava cannot tell None (Jinja2 prints "None") from undefined (prints nothing).
 */
final class PyRepr {
    private PyRepr() {}

    static String str(Object o) {
        if (o == null) return "";
        if (o instanceof String s) return s;
        if (o instanceof SafeString s) return s.getValue();
        return repr(o);
    }

    static String repr(Object o) {
        if (o == null) return "None";
        if (o instanceof Boolean b) return b ? "True" : "False";
        if (o instanceof String || o instanceof SafeString) return quote(o.toString());
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte
                || o instanceof java.math.BigInteger) return o.toString();
        if (o instanceof Number n) return PyJson.floatRepr(n.doubleValue(), false);
        if (o instanceof Map<?, ?> map) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            map.forEach((k, v) -> j.add(repr(k) + ": " + repr(v)));
            return j.toString();
        }
        if (o instanceof Map.Entry<?, ?> e) return "(" + repr(e.getKey()) + ", " + repr(e.getValue()) + ")";
        if (o instanceof Iterable<?> items) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            items.forEach(item -> j.add(repr(item)));
            return j.toString();
        }
        if (o instanceof Object[] array) return repr(java.util.Arrays.asList(array));
        return o.toString();
    }

    /** Python's string repr: single quotes unless the text has a ' and no ", non-printables escaped. */
    static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(q);
        s.codePoints().forEach(cp -> {
            if (cp == q || cp == '\\') b.append('\\').appendCodePoint(cp);
            else if (cp == '\n') b.append("\\n");
            else if (cp == '\r') b.append("\\r");
            else if (cp == '\t') b.append("\\t");
            else if (printable(cp)) b.appendCodePoint(cp);
            else if (cp < 0x100) b.append(String.format("\\x%02x", cp));
            else if (cp < 0x10000) b.append(String.format("\\u%04x", cp));
            else b.append(String.format("\\U%08x", cp));
        });
        return b.append(q).toString();
    }

    /** Python's str.isprintable() for one code point: not a control, format, separator or unassigned character. */
    private static boolean printable(int cp) {
        if (cp == ' ') return true;
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
