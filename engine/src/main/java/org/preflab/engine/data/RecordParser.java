package org.preflab.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.data.chat.ChatTemplate;
import org.preflab.engine.data.chat.ChatTemplateException;
import org.preflab.engine.data.chat.ConversationalSplit;
import org.preflab.engine.data.chat.TextTriple;
import org.preflab.engine.spi.ChatMessage;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.FieldProblem;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.ProblemKind;
import org.preflab.engine.spi.RecordFields;

/**
 * Turns one JSON record into a {@link PreferenceRecord}: the file's {@link DatasetFormat} reads the fields into a
 * {@link PreferenceExample}, then the checks every format shares (identical completions, splitting an implicit prompt,
 * rendering conversations) make its text. A bad record yields every problem it has, so one pass over a file shows
 * everything to fix.
 */
final class RecordParser {
    private final DatasetFormat format;
    private final PreferenceReader.TemplateLoader templates;
    private final Path source;
    private ChatTemplate template;

    /** A record, or the reasons there is none. */
    record Parsed(PreferenceRecord record, List<RecordProblem> problems) {}

    /**
     * @param templates supplies the chat template the first time a record is a conversation; null writes
     *     conversations as transcripts (checking only)
     */
    RecordParser(DatasetFormat format, PreferenceReader.TemplateLoader templates, Path source) {
        this.format = format;
        this.templates = templates;
        this.source = source;
    }

    /**
     * @throws DatasetFileException when a conversation needs the model's chat template and it cannot be loaded
     * @throws ChatTemplateException when rendering reaches a render limit (the template's fault, not the record's)
     */
    Parsed parse(int line, JsonNode node) throws DatasetFileException {
        List<RecordProblem> problems = new ArrayList<>();
        if (!node.isObject()) {
            problems.add(new RecordProblem(line, null, ProblemKind.NOT_AN_OBJECT,
                    "expected a JSON object, got " + type(node)));
            return new Parsed(null, problems);
        }
        RecordFields fields = new RecordFields(JsonRecordSource.plain(node));
        PreferenceExample example;
        try {
            example = format.read(fields);
        } catch (RuntimeException e) {
            // A plugin format's bug must not stop the file: it is this record's problem, named like the others.
            fields.problem(null, ProblemKind.BAD_VALUE, "format '" + format.id() + "' failed on this record: " + e);
            example = null;
        }
        PreferenceRecord record = null;
        if (example != null && !fields.hasProblems()) {
            if (example instanceof PreferenceExample.Text t) {
                record = t.prompt() == null ? implicitText(fields, line, t) : plain(fields, line, t);
            } else if (example instanceof PreferenceExample.Conversation c) {
                record = c.prompt() == null ? implicitChat(fields, line, c)
                        : chat(fields, line, c.prompt(), c.chosen(), c.rejected());
            }
        }
        for (FieldProblem p : fields.problems()) {
            problems.add(new RecordProblem(line, p.field(), p.kind(), p.message()));
        }
        if (record == null && problems.isEmpty()) {
            problems.add(new RecordProblem(line, null, ProblemKind.BAD_VALUE,
                    "format '" + format.id() + "' read no pair from this record and gave no reason"));
        }
        return new Parsed(problems.isEmpty() ? record : null, problems);
    }

    private PreferenceRecord plain(RecordFields f, int line, PreferenceExample.Text t) {
        if (identical(f, t.chosen().equals(t.rejected()))) {
            return null;
        }
        return new PreferenceRecord(t.prompt(), t.chosen(), t.rejected(), PreferenceRecord.Rendering.PLAIN, source,
                line);
    }

    private PreferenceRecord implicitText(RecordFields f, int line, PreferenceExample.Text t) {
        String chosen = t.chosen();
        String rejected = t.rejected();
        if (identical(f, chosen.equals(rejected))) {
            return null;
        }
        ImplicitPrompt.Split<String> s = ImplicitPrompt.ofText(chosen, rejected);
        if (s.prompt().isEmpty()) {
            noCommonPrompt(f, "chosen and rejected do not start with the same text");
            return null;
        }
        // one whole text being the start of the other means that response is empty (TRL's split then leaves it
        // only the prompt's last character, e.g. the ":" of "Assistant:")
        if (blankCompletion(f, "chosen", s.chosen().isBlank() || rejected.startsWith(chosen))
                | blankCompletion(f, "rejected", s.rejected().isBlank() || chosen.startsWith(rejected))) {
            return null;
        }
        return new PreferenceRecord(s.prompt(), s.chosen(), s.rejected(), PreferenceRecord.Rendering.PLAIN, source,
                line);
    }

    /**
     * After the shared prompt is split off, a response may be left with nothing (real data has such records: an
     * empty final reply). Training on it would prefer or reject silence, so it is a bad record, named by line.
     */
    private static boolean blankCompletion(RecordFields f, String field, boolean blank) {
        if (blank) {
            f.problem(field, ProblemKind.EMPTY_FIELD, "the " + field
                    + " response is blank after the shared prompt (an implicit prompt is their common beginning,"
                    + " and the " + field + " text ends where it does)");
        }
        return blank;
    }

    private static boolean blankMessages(List<ChatMessage> messages) {
        return messages.isEmpty() || messages.stream().allMatch(m -> m.content() == null || m.content().isBlank());
    }

    private PreferenceRecord implicitChat(RecordFields f, int line, PreferenceExample.Conversation c)
            throws DatasetFileException {
        if (identical(f, c.chosen().equals(c.rejected()))) {
            return null;
        }
        ImplicitPrompt.Split<List<ChatMessage>> s = ImplicitPrompt.ofMessages(c.chosen(), c.rejected());
        if (s.prompt().isEmpty()) {
            noCommonPrompt(f, "the chosen and rejected conversations do not start with the same message");
            return null;
        }
        if (blankCompletion(f, "chosen", blankMessages(s.chosen()))
                | blankCompletion(f, "rejected", blankMessages(s.rejected()))) {
            return null;
        }
        return chat(f, line, s.prompt(), s.chosen(), s.rejected());
    }

    private PreferenceRecord chat(RecordFields f, int line, List<ChatMessage> prompt, List<ChatMessage> chosen,
            List<ChatMessage> rejected) throws DatasetFileException {
        if (identical(f, chosen.equals(rejected))) {
            return null;
        }
        if (templates == null) {
            return new PreferenceRecord(transcript(prompt), transcript(chosen), transcript(rejected),
                    PreferenceRecord.Rendering.TRANSCRIPT, source, line);
        }
        try {
            TextTriple t = ConversationalSplit.split(template(), prompt, chosen, rejected);
            return new PreferenceRecord(t.prompt(), t.chosen(), t.rejected(), PreferenceRecord.Rendering.CHAT_TEMPLATE,
                    source, line);
        } catch (ChatTemplateException e) {
            if (e.limitReached().isPresent()) throw e; // the template's fault: PreferenceReader stops the file
            f.problem(null, ProblemKind.CHAT_TEMPLATE, e.getMessage());
            return null;
        }
    }

    /** The model's chat template, loaded at the first conversation (a file of plain text never needs one). */
    private ChatTemplate template() throws DatasetFileException {
        if (template == null) {
            try {
                template = templates.load();
            } catch (IOException | RuntimeException e) {
                throw new DatasetFileException(source + ": conversational data needs the model's chat template: "
                        + e.getMessage());
            }
        }
        return template;
    }

    private static boolean identical(RecordFields f, boolean same) {
        if (same) {
            f.problem("rejected", ProblemKind.IDENTICAL_COMPLETIONS, "field 'rejected' is identical to 'chosen'");
        }
        return same;
    }

    private static void noCommonPrompt(RecordFields f, String why) {
        f.problem("prompt", ProblemKind.NO_COMMON_PROMPT,
                "no prompt: " + why + " (an implicit prompt is their common beginning)");
    }

    /** Conversations without a template, one {@code role: content} line per message. */
    private static String transcript(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            sb.append(m.role()).append(": ").append(m.content()).append('\n');
        }
        return sb.toString();
    }

    static String type(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "a list";
        if (v.isObject()) return "an object";
        return "null";
    }
}
