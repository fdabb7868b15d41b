package org.preflab.engine.oracle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One term of a programmatic reward, parsed from "[weight*]kind[:argument]". Its value looks at the completion text
 * only (never the prompt), so the same completion scores the same under any prompt.
 *
 * <ul>
 *   <li>{@code sentiment}: the sum of the words' scores in PrefLab's story lexicon (-3..+3 a word)
 *   <li>{@code lexicon:FILE}: the same with the user's word-tab-score file (relative to the experiment's folder)
 *   <li>{@code keyword:a|b|c}: how often those words occur, whole words, case-insensitive
 *   <li>{@code regex:RE}: how many (non-empty) matches of a Java regular expression, case as written
 *   <li>{@code length}: the number of words
 * </ul>
 *
 * <p>Lexicon scores are summed, not averaged over the words: a sum is what AFINN-style lexicons mean, it reads as
 * whole numbers in notes, and it keeps "happy" better than "happy, but the dog died" regardless of length.
 * A sum does reward longer texts with more sentiment words; add a {@code length} term with a negative weight to
 * counter that (an average could not be turned back into a sum, so the choice stays with the user).
 *
 * @param rule the rule as written
 * @param weight the factor in front (1 when none is written)
 * @param label the rule without its weight, for notes ("keyword:dragon|castle")
 */
record RewardRule(String rule, double weight, String label, ToDoubleFunction<String> term) {
    static final List<String> KINDS = List.of("sentiment", "lexicon", "keyword", "regex", "length");
    private static final Pattern WEIGHT = Pattern.compile("\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*");

    /** The term's value for a completion, before the weight. */
    double value(String completion) {
        return term.applyAsDouble(completion);
    }

    /** weight * value. */
    double contribution(String completion) {
        return weight * value(completion);
    }

    /**
     * Parses rule {@code index} of "oracle.rules"; a bad rule is an IllegalArgumentException that quotes it
     * ("oracle.rules[1] = 'sentimnt': unknown kind 'sentimnt'; known: ...").
     */
    static RewardRule parse(int index, String rule, Path baseDir) throws IOException {
        try {
            return parse(rule, baseDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("oracle.rules[" + index + "] = '" + rule + "': " + e.getMessage(), e);
        }
    }

    private static RewardRule parse(String rule, Path baseDir) throws IOException {
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("an empty rule; write kind[:argument], e.g. sentiment");
        }
        String rest = rule;
        double weight = 1;
        int star = rule.indexOf('*');
        int colon = rule.indexOf(':');
        // A '*' after the kind's colon belongs to the argument ("regex:a*b"), not to a weight.
        if (star >= 0 && (colon < 0 || star < colon)) {
            String w = rule.substring(0, star);
            Matcher m = WEIGHT.matcher(w);
            if (!m.matches()) {
                throw new IllegalArgumentException("the weight '" + w.strip() + "' is not a number; write e.g. "
                        + "0.5*sentiment");
            }
            weight = Double.parseDouble(m.group(1));
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("the weight '" + w.strip() + "' is not a finite number");
            }
            rest = rule.substring(star + 1);
            colon = rest.indexOf(':');
        }
        String kind = (colon < 0 ? rest : rest.substring(0, colon)).strip();
        String arg = colon < 0 ? null : rest.substring(colon + 1);
        String label = rest.strip();
        return new RewardRule(rule, weight, label, term(kind, arg, baseDir));
    }

    private static ToDoubleFunction<String> term(String kind, String arg, Path baseDir) throws IOException {
        switch (kind) {
            case "sentiment": {
                noArgument(kind, arg);
                Lexicon lexicon = Lexicon.sentiment();
                return text -> lexicon.score(Words.of(text));
            }
            case "lexicon": {
                Path file = baseDir == null ? Path.of(argument(kind, arg, "FILE"))
                        : baseDir.resolve(argument(kind, arg, "FILE"));
                Lexicon lexicon = Lexicon.read(file);
                return text -> lexicon.score(Words.of(text));
            }
            case "keyword":
                return countOf(keywords(argument(kind, arg, "a|b|c")));
            case "regex":
                return countOf(regex(argument(kind, arg, "RE")));
            case "length":
                noArgument(kind, arg);
                return Words::count;
            default:
                throw new IllegalArgumentException("unknown kind '" + kind + "'; known: " + String.join(", ", KINDS));
        }
    }

    private static void noArgument(String kind, String arg) {
        if (arg != null) {
            throw new IllegalArgumentException(kind + " takes no argument, got ':" + arg + "'");
        }
    }

    private static String argument(String kind, String arg, String what) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException(kind + " needs an argument: " + kind + ":" + what);
        }
        return "regex".equals(kind) ? arg : arg.strip();
    }

    private static Pattern keywords(String list) {
        StringBuilder alternatives = new StringBuilder();
        for (String word : list.split("\\|", -1)) {
            if (word.isBlank()) {
                throw new IllegalArgumentException("an empty keyword in '" + list + "'; separate words with |");
            }
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(word.strip()));
        }
        // Lookarounds rather than \b, so that a keyword that starts or ends with punctuation still matches whole.
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static Pattern regex(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    /** Non-empty matches only: an empty match (of "a*" between letters, say) is not an occurrence of anything. */
    private static ToDoubleFunction<String> countOf(Pattern pattern) {
        return text -> {
            Matcher m = pattern.matcher(text);
            int n = 0;
            while (m.find()) {
                if (m.end() > m.start()) {
                    n++;
                }
            }
            return n;
        };
    }
}
