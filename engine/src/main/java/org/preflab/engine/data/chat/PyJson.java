package org.preflab.engine.data.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} filter calls it: {@code ensure_ascii=False} by default,
 * {@code ", "} / {@code ": "} separators, insertion order unless {@code sort_keys}. Tool schemas rendered into a
 * prompt must be byte-identical to what the model saw in training, so Jackson's compact output will not do.
 */
final class PyJson {
    private PyJson() {}

    record Options(boolean ensureAscii, String indent, String itemSeparator, String keySeparator, boolean sortKeys) {
        static final Options DEFAULT = new Options(false, null, ", ", ": ", false);
    }

    static String dumps(Object value, Options o) {
        StringBuilder b = new StringBuilder();
        write(b, value, o, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, Options o, int depth) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean bool) {
            b.append(bool ? "true" : "false");
        } else if (v instanceof CharSequence || v instanceof com.hubspot.jinjava.objects.SafeString) {
            string(b, v.toString(), o.ensureAscii());
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            b.append(v);
        } else if (v instanceof Number n) {
            b.append(floatRepr(n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue(), true));
        } else if (v instanceof Map<?, ?> map) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>(); // SimpleEntry, because values may be null
            for (Map.Entry<?, ?> e : map.entrySet()) entries.add(new AbstractMap.SimpleEntry<>(key(e.getKey()), e.getValue()));
            if (o.sortKeys()) entries.sort(Map.Entry.comparingByKey());
            container(b, '{', '}', entries, o, depth, (e, d) -> {
                string(b, e.getKey(), o.ensureAscii());
                b.append(o.keySeparator());
                write(b, e.getValue(), o, d);
            });
        } else if (v instanceof Collection<?> c) {
            container(b, '[', ']', new ArrayList<>(c), o, depth, (e, d) -> write(b, e, o, d));
        } else if (v instanceof Object[] array) {
            container(b, '[', ']', List.of(array), o, depth, (e, d) -> write(b, e, o, d));
        } else {
            throw new PyStrings.PyError("TypeError: Object of type " + v.getClass().getSimpleName() + " is not JSON serializable");
        }
    }

    private interface Item<T> {
        void write(T item, int depth);
    }

    private static <T> void container(StringBuilder b, char open, char close, List<T> items, Options o, int depth, Item<T> item) {
        b.append(open);
        if (items.isEmpty()) {
            b.append(close);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) b.append(o.itemSeparator());
            if (o.indent() != null) b.append('\n').append(o.indent().repeat(depth + 1));
            item.write(items.get(i), depth + 1);
        }
        if (o.indent() != null) b.append('\n').append(o.indent().repeat(depth));
        b.append(close);
    }

    /** Python converts these key types to strings; anything else is a TypeError. */
    private static String key(Object k) {
        if (k instanceof CharSequence) return k.toString();
        if (k == null) return "null";
        if (k instanceof Boolean bool) return bool ? "true" : "false";
        if (k instanceof Integer || k instanceof Long || k instanceof BigInteger) return k.toString();
        if (k instanceof Number n) return floatRepr(n.doubleValue(), true);
        throw new PyStrings.PyError("TypeError: keys must be str, int, float, bool or None, not " + k.getClass().getSimpleName());
    }

    private static void string(StringBuilder b, String s, boolean ensureAscii) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    // Surrogate halves are escaped one by one, which is how Python writes astral code points.
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, positional for exponents -4..15 and
     * scientific ({@code 1e-05}, {@code 1e+16}) outside. JDK 17's {@code Double.toString} is not always shortest.
     */
    static String floatRepr(double x, boolean json) {
        if (Double.isNaN(x)) return json ? "NaN" : "nan";
        if (Double.isInfinite(x)) return x > 0 ? (json ? "Infinity" : "inf") : (json ? "-Infinity" : "-inf");
        if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == x) {
                shortest = r;
                break;
            }
        }
        String digits = shortest.unscaledValue().abs().toString().replaceAll("0+$", "");
        if (digits.isEmpty()) digits = "0";
        int exponent = shortest.precision() - shortest.scale() - 1; // of the leading digit
        String sign = x < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        int point = exponent + 1; // digits before the decimal point
        if (point <= 0) return sign + "0." + "0".repeat(-point) + digits;
        if (point >= digits.length()) return sign + digits + "0".repeat(point - digits.length()) + ".0";
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
}
