package org.preflab.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.data.RecordProblem.Kind;
import org.preflab.engine.data.chat.ChatMessage;
import org.preflab.engine.data.chat.ChatTemplate;
import org.preflab.engine.data.chat.ChatTemplateException;
import org.preflab.engine.data.chat.ConversationalSplit;
import org.preflab.engine.data.chat.TextTriple;

/**
 * Turns one JSON record into a {@link PreferenceRecord} in the file's format, or into every problem it has (all
 * fields are checked, so one pass over a file shows everything to fix).
 */
final class RecordParser {
    private final PreferenceFormat format;
    private final ChatTemplate template;
    private final Path source;

    /** A record, or the reasons there is none. */
    record Parsed(PreferenceRecord record, List<RecordProblem> problems) {}

    /** @param template renders conversations; null writes them as transcripts (checking only) */
    RecordParser(PreferenceFormat format, ChatTemplate template, Path source) {
        this.format = format;
        this.template = template;
        this.source = source;
    }

    /**
     * The alpaca prompt: the instruction, then a blank line and the input when it is not blank, then a blank line so
     * the answer starts its own paragraph. Without that last separator prompt + answer would run together
     * ("...a poem.Roses are red") and the tokenizer would merge tokens across the boundary.
     * {@code ("Add 2 and 3.", "")} gives {@code "Add 2 and 3.\n\n"}; {@code ("Translate.", "chat")} gives
     * {@code "Translate.\n\nchat\n\n"}.
     */
    static String alpacaPrompt(String instruction, String input) {
        return input == null || input.isBlank() ? instruction + "\n\n" : instruction + "\n\n" + input + "\n\n";
    }

    Parsed parse(int line, JsonNode node) {
        List<RecordProblem> problems = new ArrayList<>();
        if (!node.isObject()) {
            problems.add(new RecordProblem(line, null, Kind.NOT_AN_OBJECT,
                    "expected a JSON object, got " + type(node)));
            return new Parsed(null, problems);
        }
        Fields f = new Fields(node, line, problems);
        PreferenceRecord record = switch (format) {
            case STANDARD -> plain(f, f.text("prompt", true), f.text("chosen", true), f.text("rejected", true));
            case ALPACA -> {
                String instruction = f.text("instruction", true);
                String input = f.text("input", false);
                yield plain(f, instruction == null ? null : alpacaPrompt(instruction, input), f.text("chosen", true),
                        f.text("rejected", true));
            }
            case IMPLICIT_PROMPT -> implicitText(f.noPrompt(format), f.text("chosen", true), f.text("rejected", true));
            case CONVERSATIONAL -> chat(f, f.messages("prompt"), f.messages("chosen"), f.messages("rejected"));
            case IMPLICIT_CONVERSATIONAL ->
                    implicitChat(f.noPrompt(format), f.messages("chosen"), f.messages("rejected"));
        };
        return new Parsed(problems.isEmpty() ? record : null, problems);
    }

    private PreferenceRecord plain(Fields f, String prompt, String chosen, String rejected) {
        if (prompt == null || chosen == null || rejected == null || identical(f, chosen.equals(rejected))) {
            return null;
        }
        return new PreferenceRecord(prompt, chosen, rejected, PreferenceRecord.Rendering.PLAIN, source, f.line);
    }

    private PreferenceRecord implicitText(Fields f, String chosen, String rejected) {
        if (chosen == null || rejected == null || !f.problems.isEmpty() || identical(f, chosen.equals(rejected))) {
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
                f.line);
    }

    /**
     * After the shared prompt is split off, a response may be left with nothing (real data has such records: an
     * empty final reply). Training on it would prefer or reject silence, so it is a bad record, named by line.
     */
    private static boolean blankCompletion(Fields f, String field, boolean blank) {
        if (blank) {
            f.problems.add(new RecordProblem(f.line, field, Kind.EMPTY_FIELD, "the " + field
                    + " response is blank after the shared prompt (an implicit prompt is their common beginning,"
                    + " and the " + field + " text ends where it does)"));
        }
        return blank;
    }

    private static boolean blankMessages(List<ChatMessage> messages) {
        return messages.isEmpty() || messages.stream().allMatch(m -> m.content() == null || m.content().isBlank());
    }

    private PreferenceRecord implicitChat(Fields f, List<ChatMessage> chosen, List<ChatMessage> rejected) {
        if (chosen == null || rejected == null || !f.problems.isEmpty() || identical(f, chosen.equals(rejected))) {
            return null;
        }
        ImplicitPrompt.Split<List<ChatMessage>> s = ImplicitPrompt.ofMessages(chosen, rejected);
        if (s.prompt().isEmpty()) {
            noCommonPrompt(f, "the chosen and rejected conversations do not start with the same message");
            return null;
        }
        if (blankCompletion(f, "chosen", blankMessages(s.chosen()))
                | blankCompletion(f, "rejected", blankMessages(s.rejected()))) {
            return null;
        }
        return chat(f, s.prompt(), s.chosen(), s.rejected());
    }

    private PreferenceRecord chat(Fields f, List<ChatMessage> prompt, List<ChatMessage> chosen,
            List<ChatMessage> rejected) {
        if (prompt == null || chosen == null || rejected == null || identical(f, chosen.equals(rejected))) {
            return null;
        }
        if (template == null) {
            return new PreferenceRecord(transcript(prompt), transcript(chosen), transcript(rejected),
                    PreferenceRecord.Rendering.TRANSCRIPT, source, f.line);
        }
        try {
            TextTriple t = ConversationalSplit.split(template, prompt, chosen, rejected);
            return new PreferenceRecord(t.prompt(), t.chosen(), t.rejected(), PreferenceRecord.Rendering.CHAT_TEMPLATE,
                    source, f.line);
        } catch (ChatTemplateException e) {
            if (e.limitReached().isPresent()) throw e; // the template's fault: PreferenceReader stops the file
            f.problems.add(new RecordProblem(f.line, null, Kind.CHAT_TEMPLATE, e.getMessage()));
            return null;
        }
    }

    private static boolean identical(Fields f, boolean same) {
        if (same) {
            f.problems.add(new RecordProblem(f.line, "rejected", Kind.IDENTICAL_COMPLETIONS,
                    "field 'rejected' is identical to 'chosen'"));
        }
        return same;
    }

    private static void noCommonPrompt(Fields f, String why) {
        f.problems.add(new RecordProblem(f.line, "prompt", Kind.NO_COMMON_PROMPT,
                "no prompt: " + why + " (an implicit prompt is their common beginning)"));
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

    /** Reads the fields of one record, adding a problem for each one that is missing, empty or of the wrong type. */
    private static final class Fields {
        final JsonNode node;
        final int line;
        final List<RecordProblem> problems;

        Fields(JsonNode node, int line, List<RecordProblem> problems) {
            this.node = node;
            this.line = line;
            this.problems = problems;
        }

        /**
         * Implicit-prompt files take the prompt from chosen and rejected; a record that brings its own belongs to
         * another format, and silently ignoring it (as TRL's uniform columns never need to) would lose it.
         */
        Fields noPrompt(PreferenceFormat format) {
            JsonNode v = node.get("prompt");
            if (v != null && !v.isNull()) {
                problem("prompt", Kind.FORMAT_MISMATCH, "field 'prompt' does not belong here: the file is "
                        + format.description() + ", so each prompt is taken from chosen and rejected");
            }
            return this;
        }

        /** The string, or null after recording why not; an optional field may be absent, null or empty (""). */
        String text(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) problem(field, Kind.MISSING_FIELD, "field '" + field + "' is missing");
                return required ? null : "";
            }
            if (!v.isTextual()) {
                problem(field, Kind.WRONG_TYPE, "field '" + field + "' should be a string, got " + type(v));
                return null;
            }
            if (required && v.asText().isBlank()) {
                problem(field, Kind.EMPTY_FIELD, "field '" + field + "' is empty");
                return null;
            }
            return v.asText();
        }

        /** A non-empty list of {role, content} messages (other keys ignored), or null after recording why not. */
        List<ChatMessage> messages(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problem(field, Kind.MISSING_FIELD, "field '" + field + "' is missing");
                return null;
            }
            if (!v.isArray()) {
                problem(field, Kind.WRONG_TYPE, "field '" + field + "' should be a list of {\"role\", \"content\"} "
                        + "messages, got " + type(v));
                return null;
            }
            if (v.isEmpty()) {
                problem(field, Kind.EMPTY_FIELD, "field '" + field + "' is an empty list of messages");
                return null;
            }
            List<ChatMessage> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                String at = field + "[" + i + "]";
                JsonNode m = v.get(i);
                if (!m.isObject()) {
                    problem(at, Kind.WRONG_TYPE, "field '" + at + "' should be a {\"role\", \"content\"} message, got "
                            + type(m));
                    continue;
                }
                String role = part(m, at, "role");
                String content = part(m, at, "content");
                if (role != null && content != null) {
                    out.add(new ChatMessage(role, content));
                }
            }
            return out.size() == v.size() ? out : null;
        }

        private String part(JsonNode message, String at, String key) {
            JsonNode v = message.get(key);
            String field = at + "." + key;
            if (v == null || v.isNull()) {
                problem(field, Kind.MISSING_FIELD, "field '" + field + "' is missing");
                return null;
            }
            if (!v.isTextual()) {
                problem(field, Kind.WRONG_TYPE, "field '" + field + "' should be a string, got " + type(v));
                return null;
            }
            return v.asText();
        }

        private void problem(String field, Kind kind, String message) {
            problems.add(new RecordProblem(line, field, kind, message));
        }
    }
}
