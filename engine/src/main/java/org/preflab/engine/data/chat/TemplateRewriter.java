package org.preflab.engine.data.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits a template so that jinjava renders it as Jinja2 would. jinjava's own trim_blocks/lstrip_blocks also strip
 * spaces between an expression and a block tag in mid-line ({@code {{ a }} {% if b %}} loses its space), so both are
 * done here, by Jinja2's lexer rules, and jinjava runs with them off. Also: newlines are normalised and one trailing
 * newline dropped (Jinja2's {@code keep_trailing_newline=False}); {@code x[::-1]} becomes {@code x|reverse}; and
 * keyword-argument values are parenthesised, because jinjava reads {@code namespace(i=n - 1)} as
 * {@code (i=n) - 1}. Line numbers are kept.
 */
final class TemplateRewriter {
    /** A reversing slice ending a postfix chain: nothing may follow that would bind tighter than a filter. */
    static final Pattern REVERSE_SLICE = Pattern.compile("\\[\\s*:\\s*:\\s*-\\s*1\\s*\\](?!\\s*[\\[.(])");
    private static final Pattern MACRO = Pattern.compile("[-+]?\\s*macro\\s");
    private static final Pattern NAMED_ARGUMENT = Pattern.compile("[(,]\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=(?!=)");

    private record Edit(int start, int end, String replacement) {}

    private TemplateRewriter() {}

    /** Jinja2's lexer turns \r\n and \r into \n and drops one trailing newline before anything else. */
    static String normalizeNewlines(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** The template for jinjava; {@code source} must already have normalised newlines. */
    static String rewrite(String source) {
        List<TemplateTags.Tag> tags = TemplateTags.of(source);
        List<Edit> edits = new ArrayList<>();
        for (int k = 0; k < tags.size(); k++) {
            TemplateTags.Tag tag = tags.get(k);
            boolean blockLike = tag.kind() != TemplateTags.Kind.EXPRESSION;
            if (blockLike && tag.openSign(source) == 0) lstrip(source, k == 0 ? 0 : tags.get(k - 1).end(), tag, k == 0, edits);
            if (blockLike && tag.openSign(source) == '+') edits.add(new Edit(tag.bodyStart(), tag.bodyStart() + 1, ""));
            if (tag.kind() != TemplateTags.Kind.COMMENT) code(source, tag, edits);
            if (blockLike && tag.closeSign(source) == '+') edits.add(new Edit(tag.bodyEnd() - 1, tag.bodyEnd(), ""));
            // trim_blocks: the one newline right after a block or comment tag goes
            if (blockLike && tag.closeSign(source) == 0 && tag.end() < source.length() && source.charAt(tag.end()) == '\n') {
                edits.add(new Edit(tag.end(), tag.end() + 1, ""));
            }
        }
        StringBuilder out = new StringBuilder(source.length());
        int copied = 0;
        for (Edit e : edits) {
            out.append(source, copied, e.start()).append(e.replacement());
            copied = e.end();
        }
        return out.append(source, copied, source.length()).toString();
    }

    /**
     * lstrip_blocks: whitespace between the start of a line and a block or comment tag goes. "Start of a line" is
     * after a newline in the text before the tag, or the start of the template.
     */
    private static void lstrip(String source, int textStart, TemplateTags.Tag tag, boolean first, List<Edit> edits) {
        String text = source.substring(textStart, tag.start());
        int lineStart = text.lastIndexOf('\n') + 1;
        if ((lineStart == 0 && !first) || lineStart == text.length()) return;
        for (int i = lineStart; i < text.length(); i++) if (!PyStrings.isSpace(text.charAt(i))) return;
        edits.add(new Edit(textStart + lineStart, tag.start(), ""));
    }

    /** Edits inside a tag's code, in order: [::-1] and keyword-argument values. */
    private static void code(String source, TemplateTags.Tag tag, List<Edit> edits) {
        String code = TemplateTags.blankStrings(tag.body(source));
        List<Edit> inside = new ArrayList<>();
        Matcher reverse = REVERSE_SLICE.matcher(code);
        while (reverse.find()) inside.add(new Edit(reverse.start(), reverse.end(), "|reverse"));
        // A macro's signature is not an expression to jinjava: its defaults must stay as written.
        Matcher named = NAMED_ARGUMENT.matcher(MACRO.matcher(code).lookingAt() ? "" : code);
        while (named.find()) {
            if (!insideParentheses(code, named.start())) continue;
            int valueEnd = argumentEnd(code, named.end());
            inside.add(new Edit(named.end(), named.end(), "("));
            inside.add(new Edit(valueEnd, valueEnd, ")"));
        }
        inside.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
        for (Edit e : inside) edits.add(new Edit(tag.bodyStart() + e.start(), tag.bodyStart() + e.end(), e.replacement()));
    }

    /** True when the '(' or ',' at {@code at} is directly inside round brackets, i.e. in an argument list. */
    private static boolean insideParentheses(String code, int at) {
        if (code.charAt(at) == '(') return true;
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')' || c == ']' || c == '}') depth++;
            else if (c == '(' || c == '[' || c == '{') {
                if (depth == 0) return c == '(';
                depth--;
            }
        }
        return false;
    }

    /** Where an argument value starting at {@code from} ends: the next ',' or ')' at its own bracket depth. */
    private static int argumentEnd(String code, int from) {
        int depth = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth-- == 0) return i;
            else if (c == ',' && depth == 0) return i;
        }
        return code.length();
    }
}
