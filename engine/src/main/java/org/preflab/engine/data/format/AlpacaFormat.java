package org.preflab.engine.data.format;

import java.util.Map;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.RecordFields;

/** Alpaca-style ranking data: {@code {"instruction", "input" (optional), "chosen", "rejected"}} strings. */
public final class AlpacaFormat implements DatasetFormat {
    @Override
    public String id() {
        return "alpaca";
    }

    @Override
    public String description() {
        return "alpaca ranking (instruction, input, chosen, rejected)";
    }

    @Override
    public boolean recognises(Map<String, Object> record) {
        return record.containsKey("instruction") && RecordShape.textPair(record);
    }

    @Override
    public PreferenceExample read(RecordFields record) {
        String instruction = record.text("instruction", true);
        String input = record.text("input", false);
        String chosen = record.text("chosen", true);
        String rejected = record.text("rejected", true);
        return record.hasProblems() ? null : PreferenceExample.text(prompt(instruction, input), chosen, rejected);
    }

    /**
     * The alpaca prompt: the instruction, then a blank line and the input when it is not blank, then a blank line so
     * the answer starts its own paragraph. Without that last separator prompt + answer would run together
     * ("...a poem.Roses are red") and the tokenizer would merge tokens across the boundary.
     * {@code ("Add 2 and 3.", "")} gives {@code "Add 2 and 3.\n\n"}; {@code ("Translate.", "chat")} gives
     * {@code "Translate.\n\nchat\n\n"}.
     */
    static String prompt(String instruction, String input) {
        return input == null || input.isBlank() ? instruction + "\n\n" : instruction + "\n\n" + input + "\n\n";
    }
}
