package org.preflab.engine.data.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python {@code str} semantics for the string methods and filters chat templates use. Indices count code points,
 * as Python's do, and "whitespace" is {@code str.isspace()}, which is wider than Java's {@code Character.isWhitespace}
 * (it includes U+00A0, U+2007, U+202F and U+0085).
 */
final class PyStrings {
    private PyStrings() {}

    /**
     * Python's TypeError or ValueError inside a template. jinjava swallows IllegalArgumentException from method
     * calls (it reads it as "no such method" and renders on), so template errors need their own type.
     */
    static final class PyError extends RuntimeException {
        PyError(String message) {
            super(message);
        }
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** {@code s.strip(chars)}, {@code lstrip} and {@code rstrip}; {@code chars == null} means whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.codePointAt(start), chars)) start += Character.charCount(s.codePointAt(start));
        while (right && end > start && stripped(s.codePointBefore(end), chars)) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    /** {@code s.split(sep, maxsplit)}; {@code sep == null} splits on whitespace runs, {@code maxsplit < 0} is no limit. */
    static List<String> split(String s, String sep, int maxsplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                if (i >= n) return out;
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(s.substring(i)); // Python keeps the remainder's trailing whitespace
                    return out;
                }
                int j = i;
                while (j < n && !isSpace(s.codePointAt(j))) j += Character.charCount(s.codePointAt(j));
                out.add(s.substring(i, j));
                i = j;
            }
        }
        requireSeparator(sep);
        int from = 0;
        int at;
        while ((maxsplit < 0 || out.size() < maxsplit) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** {@code s.rsplit(sep, maxsplit)}: like split, but the limit counts from the right. */
    static List<String> rsplit(String s, String sep, int maxsplit) {
        if (maxsplit < 0) return split(s, sep, -1); // without a limit both directions agree
        List<String> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && isSpace(s.codePointBefore(j))) j -= Character.charCount(s.codePointBefore(j));
                if (j <= 0) break;
                if (out.size() == maxsplit) {
                    out.add(s.substring(0, j));
                    break;
                }
                int i = j;
                while (i > 0 && !isSpace(s.codePointBefore(i))) i -= Character.charCount(s.codePointBefore(i));
                out.add(s.substring(i, j));
                j = i;
            }
        } else {
            requireSeparator(sep);
            int end = s.length();
            int at;
            while (out.size() < maxsplit && (at = s.lastIndexOf(sep, end - sep.length())) >= 0) {
                out.add(s.substring(at + sep.length(), end));
                end = at;
            }
            out.add(s.substring(0, end));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private static void requireSeparator(String sep) {
        if (sep.isEmpty()) throw new PyError("ValueError: empty separator");
    }

    /** {@code s.splitlines()}: Python's line boundaries, wider than {@code \n} and {@code \r\n}. */
    static List<String> splitlines(String s, boolean keepends) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e) || c == 0x85
                    || c == 0x2028 || c == 0x2029) {
                int eol = (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') ? i + 2 : i + 1;
                out.add(s.substring(start, keepends ? eol : i));
                start = i = eol;
            } else {
                i++;
            }
        }
        if (start < s.length()) out.add(s.substring(start));
        return out;
    }

    /** {@code s.title()}: a letter after a cased letter is lowered, any other letter is title-cased. */
    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            b.append(previousCased ? lowerOf(cp) : titleOf(cp));
            previousCased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
        }
        return b.toString();
    }

    /** {@code s.capitalize()}: the first character title-cased, the rest lowered (Python 3.8+). */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return titleOf(first) + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
    }

    private static String titleOf(int cp) {
        // Full mappings matter: Python title-cases U+00DF (sharp s) to "Ss".
        String upper = new String(Character.toChars(cp)).toUpperCase(Locale.ROOT);
        if (upper.codePointCount(0, upper.length()) == 1) return new String(Character.toChars(Character.toTitleCase(cp)));
        return upper.substring(0, upper.offsetByCodePoints(0, 1)) + upper.substring(upper.offsetByCodePoints(0, 1)).toLowerCase(Locale.ROOT);
    }

    private static String lowerOf(int cp) {
        return new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
    }

    /** {@code s.replace(old, new, count)}; {@code count < 0} replaces all, as Python's default -1 does. */
    static String replace(String s, String old, String replacement, int count) {
        if (count < 0) return s.replace(old, replacement);
        StringBuilder b = new StringBuilder();
        int from = 0;
        for (int done = 0; done < count; done++) {
            if (old.isEmpty()) { // Python inserts before each character, then at the end
                if (from > s.length()) break;
                b.append(replacement);
                if (from == s.length()) { from++; break; }
                int next = from + Character.charCount(s.codePointAt(from));
                b.append(s, from, next);
                from = next;
                continue;
            }
            int at = s.indexOf(old, from);
            if (at < 0) break;
            b.append(s, from, at).append(replacement);
            from = at + old.length();
        }
        if (from <= s.length()) b.append(s, from, s.length());
        return b.toString();
    }

    /**
     * Python's search window {@code s[start:end]} in code points (null means open) as UTF-16 offsets plus the
     * code-point start; null where Python finds nothing even for an empty needle (start past the end, or end < start).
     */
    private static int[] window(String s, Integer start, Integer end) {
        int n = s.codePointCount(0, s.length());
        if (start != null && start > n) return null;
        int a = start == null ? 0 : start < 0 ? Math.max(0, n + start) : start;
        int z = end == null ? n : end < 0 ? Math.max(0, n + end) : Math.min(end, n);
        if (z < a) return null;
        return new int[] {s.offsetByCodePoints(0, a), s.offsetByCodePoints(0, z), a};
    }

    /** {@code s.find(sub, start, end)} / {@code rfind}: a code-point index, or -1. */
    static int find(String s, String sub, Integer start, Integer end, boolean fromRight) {
        int[] r = window(s, start, end);
        if (r == null) return -1;
        String window = s.substring(r[0], r[1]);
        int at = fromRight ? window.lastIndexOf(sub) : window.indexOf(sub);
        return at < 0 ? -1 : r[2] + window.codePointCount(0, at);
    }

    /** {@code s.count(sub, start, end)}: non-overlapping occurrences; an empty sub counts the gaps. */
    static int count(String s, String sub, Integer start, Integer end) {
        int[] r = window(s, start, end);
        if (r == null) return 0;
        String window = s.substring(r[0], r[1]);
        if (sub.isEmpty()) return window.codePointCount(0, window.length()) + 1;
        int n = 0;
        for (int at = window.indexOf(sub); at >= 0; at = window.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    /** {@code s.startswith(prefix, start, end)} and {@code endswith}; prefixes may be a tuple. */
    static boolean affix(String s, List<String> affixes, Integer start, Integer end, boolean suffix) {
        int[] r = window(s, start, end);
        if (r == null) return false;
        String window = s.substring(r[0], r[1]);
        for (String a : affixes) if (suffix ? window.endsWith(a) : window.startsWith(a)) return true;
        return false;
    }

    /** Python truthiness of {@code str.isX()}: false for the empty string, else every code point passes. */
    static boolean all(String s, java.util.function.IntPredicate test) {
        return !s.isEmpty() && s.codePoints().allMatch(test);
    }
}
