package org.preflab.engine.data.format;

import java.util.Map;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.ProblemKind;
import org.preflab.engine.spi.RecordFields;

/**
 * TRL implicit prompt: {@code {"chosen", "rejected"}} strings that both start with the prompt; the prompt is their
 * common beginning, found as TRL's {@code extract_prompt} does (the engine's {@code ImplicitPrompt}).
 */
public final class ImplicitPromptFormat implements DatasetFormat {
    @Override
    public String id() {
        return "implicit_prompt";
    }

    @Override
    public String description() {
        return "TRL implicit prompt (chosen, rejected; the prompt is their common beginning)";
    }

    @Override
    public boolean recognises(Map<String, Object> record) {
        return RecordShape.noPromptKey(record) && RecordShape.textPair(record);
    }

    @Override
    public PreferenceExample read(RecordFields record) {
        noPrompt(record, description());
        String chosen = record.text("chosen", true);
        String rejected = record.text("rejected", true);
        return record.hasProblems() ? null : PreferenceExample.implicitText(chosen, rejected);
    }

    /**
     * Implicit-prompt files take the prompt from chosen and rejected; a record that brings its own belongs to
     * another format, and silently ignoring it (as TRL's uniform columns never need to) would lose it.
     */
    static void noPrompt(RecordFields record, String formatDescription) {
        if (record.values().get("prompt") != null) {
            record.problem("prompt", ProblemKind.FORMAT_MISMATCH, "field 'prompt' does not belong here: the file is "
                    + formatDescription + ", so each prompt is taken from chosen and rejected");
        }
    }
}
