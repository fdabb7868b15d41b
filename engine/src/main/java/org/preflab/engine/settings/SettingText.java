package org.preflab.engine.settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How setting values are written as text and read back: what a text field shows and what {@code --set} takes. */
final class SettingText {
    private SettingText() {}

    /** Plain decimal numbers only: "1e-4", "0.9", "-2"; not "NaN", "Infinity", "0x1p3" or "1d". */
    private static final String DECIMAL = "[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?";

    /** A Long ({@code whole}) or a Double, or null when the text is not one. */
    static Object number(String t, boolean whole) {
        if (!t.matches(DECIMAL)) {
            return null;
        }
        try {
            return whole ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null; // "1.5" for a whole number, or beyond a long
        }
    }

    /** "a, b" or ["a", "b"] as a list of numbers or texts; null when an element is not a number. */
    static List<Object> elements(String t, boolean numbers) {
        String inner = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1).strip() : t;
        List<Object> out = new ArrayList<>();
        if (inner.isEmpty()) {
            return out;
        }
        for (String part : inner.split(",")) {
            String p = unquote(part.strip());
            Object v = numbers ? number(p, false) : p;
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    /** A number without noise ("1e-4", "0.001", "8"), an enum by name, anything else as itself. */
    static String format(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            double a = Math.abs(d);
            if (a < 1e-3 || a >= 1e7) {
                return String.format(Locale.ROOT, "%s", d).replace(".0E", "E").replace("E", "e");
            }
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        return v instanceof Enum<?> e ? e.name() : String.valueOf(v);
    }

    static String unquote(String s) {
        boolean quoted = s.length() >= 2
                && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"));
        return quoted ? s.substring(1, s.length() - 1) : s;
    }
}
