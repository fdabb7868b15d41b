package org.preflab.engine.data.format;

import java.util.List;
import java.util.Map;
import org.preflab.engine.spi.ChatMessage;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.RecordFields;

/** TRL conversational with implicit prompt: chosen and rejected are whole conversations sharing their start. */
public final class ImplicitConversationalFormat implements DatasetFormat {
    @Override
    public String id() {
        return "implicit_conversational";
    }

    @Override
    public String description() {
        return "TRL conversational, implicit prompt (chosen, rejected as whole conversations)";
    }

    @Override
    public boolean recognises(Map<String, Object> record) {
        return RecordShape.noPromptKey(record) && RecordShape.messagePair(record);
    }

    @Override
    public PreferenceExample read(RecordFields record) {
        ImplicitPromptFormat.noPrompt(record, description());
        List<ChatMessage> chosen = record.messages("chosen");
        List<ChatMessage> rejected = record.messages("rejected");
        return record.hasProblems() ? null : PreferenceExample.implicitConversation(chosen, rejected);
    }
}
