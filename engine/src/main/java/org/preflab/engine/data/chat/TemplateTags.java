package org.preflab.engine.data.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Jinja2 lexer: where the {@code {% %}}, {@code {{ }}} and {@code {# #}} tags of a template are. Enough
 * for {@link TemplateScanner} and {@link TemplateRewriter}, which inspect and edit tags before jinjava sees them.
 */
final class TemplateTags {
    enum Kind { BLOCK, EXPRESSION, COMMENT }

    /**
     * One tag: {@code start} is its first {@code '{'}, {@code bodyStart}/{@code bodyEnd} delimit what is between
     * the delimiters (whitespace-control signs included), {@code end} is just past its closing {@code '}'}.
     */
    record Tag(Kind kind, int start, int bodyStart, int bodyEnd, int end) {
        String body(String source) {
            return source.substring(bodyStart, bodyEnd);
        }

        /** The whitespace-control sign just inside the opening delimiter: '-', '+' or 0. */
        char openSign(String source) {
            char c = bodyStart < bodyEnd ? source.charAt(bodyStart) : 0;
            return c == '-' || c == '+' ? c : 0;
        }

        /** The sign just inside the closing delimiter: '-', '+' or 0. */
        char closeSign(String source) {
            char c = bodyEnd > bodyStart ? source.charAt(bodyEnd - 1) : 0;
            return c == '-' || c == '+' ? c : 0;
        }
    }

    private TemplateTags() {}

    /** Every tag in order. Text inside {@code {% raw %}} is data; an unclosed tag ends the list (jinjava reports it). */
    static List<Tag> of(String s) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = s.indexOf('{', i);
            if (open < 0 || open + 1 >= s.length()) return tags;
            char c = s.charAt(open + 1);
            Kind kind = c == '%' ? Kind.BLOCK : c == '{' ? Kind.EXPRESSION : c == '#' ? Kind.COMMENT : null;
            if (kind == null) {
                i = open + 1;
                continue;
            }
            int close = kind == Kind.COMMENT ? s.indexOf("#}", open + 2) : closing(s, open + 2, kind == Kind.BLOCK ? '%' : '}');
            if (close < 0) return tags;
            Tag tag = new Tag(kind, open, open + 2, close, close + 2);
            tags.add(tag);
            i = tag.end();
            if (kind == Kind.BLOCK && blankStrings(tag.body(s)).replaceAll("^[-+]?\\s*|\\s*[-+]?$", "").equals("raw")) {
                int endraw = s.indexOf("endraw", i);
                if (endraw < 0) return tags;
                i = s.lastIndexOf('{', endraw); // the {% endraw %} tag itself is still a tag
            }
        }
    }

    /** Index of the closing {@code %}} or {@code }}}, skipping quoted strings. */
    private static int closing(String s, int from, char closer) {
        char quote = 0;
        for (int i = from; i + 1 < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == closer && s.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    /** Blanks the inside of string literals, keeping positions, so text such as 'if you ...' is never code. */
    static String blankStrings(String body) {
        StringBuilder b = new StringBuilder(body);
        char quote = 0;
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                    continue;
                }
                if (c == '\\' && i + 1 < b.length()) b.setCharAt(i++, ' ');
                b.setCharAt(i, ' ');
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return b.toString();
    }

    static int lineOf(String source, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (source.charAt(i) == '\n') line++;
        return line;
    }
}
