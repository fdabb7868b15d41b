package org.preflab.engine.data.chat;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a template's tags before any rendering, for the Jinja2 constructs jinjava parses but renders differently.
 * Each would otherwise give wrong text without an error: a loop filter ({@code for m in messages if ...}) is read as
 * an inline if over the whole iterable, {@code loop.previtem} is simply empty, and an unknown filter or test renders
 * as nothing. ({@code messages[::-1]}, common and with an exact equivalent, is rewritten by {@link TemplateRewriter}.)
 */
final class TemplateScanner {
    private static final Pattern FOR_TAG = Pattern.compile("^[-+]?\\s*for\\s");
    private static final Pattern LOOP_ATTRIBUTE = Pattern.compile("\\bloop\\s*\\.\\s*(previtem|nextitem|changed)\\b");
    private static final Pattern LOOP_CALL = Pattern.compile("\\bloop\\s*\\(");
    private static final Pattern FILTER_NAME = Pattern.compile("\\|\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TEST_NAME = Pattern.compile("\\bis\\s+(?:not\\s+)?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern STEP_SLICE = Pattern.compile("\\[[^\\[\\]{}]*:[^\\[\\]{}]*:[^\\[\\]{}]*\\]");

    private TemplateScanner() {}

    /** The first construct jinjava would render wrongly, described for a user; empty when there is none. */
    static Optional<String> firstUnsupported(String source, Predicate<String> knownFilter, Predicate<String> knownTest) {
        for (TemplateTags.Tag tag : TemplateTags.of(source)) {
            if (tag.kind() == TemplateTags.Kind.COMMENT) continue;
            String code = TemplateTags.blankStrings(tag.body(source));
            String problem = tag.kind() == TemplateTags.Kind.BLOCK ? checkStatement(code) : null;
            if (problem == null) problem = checkExpression(code);
            if (problem == null) problem = checkNames(code, knownFilter, knownTest);
            if (problem != null) return Optional.of(problem + " at line " + TemplateTags.lineOf(source, tag.start()));
        }
        return Optional.empty();
    }

    private static String checkStatement(String code) {
        if (!FOR_TAG.matcher(code).find()) return null;
        int in = topLevelKeyword(code, "in", 0);
        if (in >= 0 && topLevelKeyword(code, "if", in) >= 0) {
            return "a loop filter ({% for x in items if condition %}); filter first, e.g. with selectattr, or test "
                    + "inside the loop, mindful that loop.index then counts every item";
        }
        if (topLevelKeyword(code, "recursive", 0) >= 0) return "a recursive for loop";
        return null;
    }

    private static String checkExpression(String code) {
        Matcher m = LOOP_ATTRIBUTE.matcher(code);
        if (m.find()) return "loop." + m.group(1) + " (jinjava's loop object has no such attribute)";
        if (LOOP_CALL.matcher(code).find()) return "a recursive loop call loop(...)";
        Matcher slice = STEP_SLICE.matcher(TemplateRewriter.REVERSE_SLICE.matcher(code).replaceAll(r -> " ".repeat(r.group().length())));
        if (slice.find()) {
            return "the extended slice " + slice.group().replaceAll("\\s+", "") + " (only [::-1] is supported, and only "
                    + "at the end of an expression: write (x[::-1])[0], not x[::-1][0])";
        }
        return null;
    }

    /** jinjava renders an unknown filter or test as nothing at all, so an unknown name must stop the template. */
    private static String checkNames(String code, Predicate<String> knownFilter, Predicate<String> knownTest) {
        Matcher filter = FILTER_NAME.matcher(code);
        while (filter.find()) {
            if (!knownFilter.test(filter.group(1))) return "the filter '" + filter.group(1) + "', which jinjava does not have";
        }
        Matcher test = TEST_NAME.matcher(code);
        while (test.find()) {
            if (!knownTest.test(test.group(1))) return "the test 'is " + test.group(1) + "', which jinjava does not have";
        }
        return null;
    }

    /** Position of a keyword outside brackets, at or after {@code from}; -1 if absent. */
    private static int topLevelKeyword(String code, String keyword, int from) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (depth == 0 && i >= from && code.startsWith(keyword, i) && boundary(code, i - 1)
                    && boundary(code, i + keyword.length())) return i;
        }
        return -1;
    }

    private static boolean boundary(String code, int i) {
        return i < 0 || i >= code.length() || !(Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '_');
    }
}
