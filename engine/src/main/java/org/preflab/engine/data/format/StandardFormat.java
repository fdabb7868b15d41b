package org.preflab.engine.data.format;

import java.util.Map;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.RecordFields;

/** TRL standard: {@code {"prompt", "chosen", "rejected"}}, all strings. */
public final class StandardFormat implements DatasetFormat {
    @Override
    public String id() {
        return "standard";
    }

    @Override
    public String description() {
        return "TRL standard (prompt, chosen, rejected)";
    }

    @Override
    public boolean recognises(Map<String, Object> record) {
        return RecordShape.promptKey(record) && RecordShape.textPair(record);
    }

    @Override
    public PreferenceExample read(RecordFields record) {
        String prompt = record.text("prompt", true);
        String chosen = record.text("chosen", true);
        String rejected = record.text("rejected", true);
        return record.hasProblems() ? null : PreferenceExample.text(prompt, chosen, rejected);
    }
}
