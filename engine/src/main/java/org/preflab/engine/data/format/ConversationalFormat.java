package org.preflab.engine.data.format;

import java.util.List;
import java.util.Map;
import org.preflab.engine.spi.ChatMessage;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.RecordFields;

/** TRL conversational: prompt, chosen and rejected are lists of {@code {"role", "content"}} messages. */
public final class ConversationalFormat implements DatasetFormat {
    @Override
    public String id() {
        return "conversational";
    }

    @Override
    public String description() {
        return "TRL conversational (prompt, chosen, rejected as messages)";
    }

    @Override
    public boolean recognises(Map<String, Object> record) {
        return RecordShape.promptKey(record) && RecordShape.messagePair(record);
    }

    @Override
    public PreferenceExample read(RecordFields record) {
        List<ChatMessage> prompt = record.messages("prompt");
        List<ChatMessage> chosen = record.messages("chosen");
        List<ChatMessage> rejected = record.messages("rejected");
        return record.hasProblems() ? null : PreferenceExample.conversation(prompt, chosen, rejected);
    }
}
