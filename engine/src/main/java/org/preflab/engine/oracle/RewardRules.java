package org.preflab.engine.oracle;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A programmatic reward: the weighted sum of its {@link RewardRule}s, each looking at the completion text only.
 * "sentiment" and "-0.02*length" together score "They smiled and hugged." as 2 + 2 - 0.02 * 4 = 3.92.
 */
public final class RewardRules {
    /** How many characters of a rule a note shows before cutting it with "...". */
    private static final int LABEL_CHARS = 32;
    private final List<RewardRule> rules;

    private RewardRules(List<RewardRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses "oracle.rules"; a bad rule is an IllegalArgumentException naming "oracle.rules[i] = '...'" and the
     * problem. Lexicon files resolve against {@code baseDir} (the experiment's folder; null: the working folder).
     */
    public static RewardRules parse(List<String> rules, Path baseDir) throws IOException {
        if (rules == null || rules.isEmpty()) {
            throw new IllegalArgumentException("oracle.rules is empty: the rules oracle needs at least one rule, "
                    + "e.g. [\"sentiment\"]");
        }
        List<RewardRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(RewardRule.parse(i, rules.get(i), baseDir));
        }
        return new RewardRules(parsed);
    }

    /** The reward of one completion: the sum of weight * term value. */
    public double score(String completion) {
        double sum = 0;
        for (RewardRule r : rules) {
            sum += r.contribution(completion);
        }
        return sum;
    }

    /** Each term's contribution to A and to B, briefly: "sentiment 4 vs -4; -0.02*length -0.08 vs -0.1". */
    public String explain(String a, String b) {
        StringJoiner note = new StringJoiner("; ");
        for (RewardRule r : rules) {
            String label = r.rule().strip();
            if (label.length() > LABEL_CHARS) {
                label = label.substring(0, LABEL_CHARS - 3) + "...";
            }
            note.add(label + " " + number(r.contribution(a)) + " vs " + number(r.contribution(b)));
        }
        return note.toString();
    }

    /** The rules as written, joined with " + " ("sentiment + -0.02*length"). */
    public String describe() {
        StringJoiner s = new StringJoiner(" + ");
        rules.forEach(r -> s.add(r.rule().strip()));
        return s.toString();
    }

    /** At most three decimals, no trailing zeros: 4, -0.08, 1.333. */
    static String number(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        BigDecimal d = BigDecimal.valueOf(x).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
