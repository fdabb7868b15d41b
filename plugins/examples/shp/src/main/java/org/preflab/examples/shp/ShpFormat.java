package org.preflab.examples.shp;

import java.util.Map;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.ProblemKind;
import org.preflab.engine.spi.RecordFields;

/**
 * Stanford Human Preferences (Ethayarajh et al. 2022; the {@code stanfordnlp/SHP} and {@code SHP-2} datasets): Reddit
 * and StackExchange posts, each with two top-level answers and which one people preferred, inferred from votes and
 * timing. A record has many columns; this format uses four:
 *
 * <pre>{"history": "the post", "human_ref_A": "an answer", "human_ref_B": "another answer", "labels": 1, ...}</pre>
 *
 * <p>{@code labels} is 1 when answer A is preferred and 0 when B is. The prompt is the post followed by a blank line,
 * so that the answer starts its own paragraph (without it the tokenizer would merge tokens across the boundary).
 * Plain text, not messages: SHP answers are forum replies, and a base model without a chat template can learn from
 * them too. SHP's authors suggest keeping only pairs whose score ratio is at least 2; filter the file before reading it
 * if you want that (a format reads records, it does not choose among them).
 */
public final class ShpFormat implements DatasetFormat {
    /** The columns that make a record SHP; other columns (post_id, domain, score_A, ...) are ignored. */
    private static final String[] KEYS = {"history", "human_ref_A", "human_ref_B", "labels"};

    @Override
    public String id() {
        return "shp";
    }

    @Override
    public String description() {
        return "Stanford Human Preferences (history, human_ref_A, human_ref_B, labels)";
    }

    @Override
    public boolean recognises(Map<String, Object> record) {
        for (String key : KEYS) {
            if (!record.containsKey(key)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public PreferenceExample read(RecordFields record) {
        String post = record.text("history", true);
        String a = record.text("human_ref_A", true);
        String b = record.text("human_ref_B", true);
        Number label = record.number("labels");
        if (label != null && !(label.doubleValue() == 0 || label.doubleValue() == 1)) {
            record.problem("labels", ProblemKind.BAD_VALUE,
                    "field 'labels' should be 1 (answer A preferred) or 0 (answer B preferred), got " + label);
        }
        if (record.hasProblems()) {
            return null;
        }
        boolean aWins = label.doubleValue() == 1;
        return PreferenceExample.text(post + "\n\n", aWins ? a : b, aWins ? b : a);
    }
}
