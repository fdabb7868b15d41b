package org.preflab.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.preflab.engine.data.chat.ChatTemplate;
import org.preflab.engine.data.chat.ChatTemplateException;
import org.preflab.engine.data.chat.RenderLimits;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.ProblemKind;

/**
 * Reads a preference file (JSONL, or JSON holding one array of objects) in any {@link DatasetFormat}: the built-in
 * ones (TRL standard, implicit prompt, conversational, alpaca) and those of plugin jars. The format is the first that
 * recognises the file's first recognisable record (see {@link DatasetFormats}), and every record is read by it. Bad records do not stop the reading: each becomes one or more {@link RecordProblem}s with its
 * line, so that {@code preflab validate} can list them all and training can refuse the file with a clear count.
 */
public final class PreferenceReader {
    private PreferenceReader() {}

    /** Supplies the chat template, only when a file turns out to be conversational. */
    @FunctionalInterface
    public interface TemplateLoader {
        ChatTemplate load() throws IOException;
    }

    /**
     * What a file holds.
     *
     * @param file        the file read
     * @param format      its format
     * @param formatLine  the line of the record the format was taken from
     * @param recordsRead records in the file, good and bad (JSONL: non-blank lines; JSON: array elements)
     * @param records     the good records, in file order
     * @param problems    every problem of the bad records, in file order
     */
    public record ReadResult(Path file, DatasetFormat format, int formatLine, int recordsRead,
            List<PreferenceRecord> records, List<RecordProblem> problems) {
        public ReadResult {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }

        /** Records with at least one problem. */
        public int badRecords() {
            return new TreeSet<>(problems.stream().map(RecordProblem::line).toList()).size();
        }

        public boolean allGood() {
            return problems.isEmpty();
        }
    }

    /**
     * The chat template of a checkpoint folder (tokenizer_config.json or chat_template.jinja), for conversational
     * files.
     */
    public static TemplateLoader templateOf(Path modelDir) {
        return templateOf(modelDir, RenderLimits.DEFAULT);
    }

    /** As {@link #templateOf(Path)}, rendering under {@code limits} (experiment.json's data.template_*). */
    public static TemplateLoader templateOf(Path modelDir, RenderLimits limits) {
        return () -> ChatTemplate.fromTokenizerConfig(modelDir.resolve("tokenizer_config.json")).withLimits(limits);
    }

    /**
     * Reads {@code file} with the built-in formats and those of the user's plugin folder. Conversational records are
     * rendered with the template from {@code templates}; without one (null) they become
     * {@link PreferenceRecord.Rendering#TRANSCRIPT transcripts}, enough for checking.
     *
     * @throws DatasetFileException when the file cannot be used at all: missing, empty, not JSON/JSONL, no record
     *     in a known format, or conversational data whose template cannot be loaded or reaches a render limit
     */
    public static ReadResult read(Path file, TemplateLoader templates) throws IOException {
        return read(file, templates, DatasetFormats.load());
    }

    /** As {@link #read(Path, TemplateLoader)}, with the formats of {@code formats}. */
    public static ReadResult read(Path file, TemplateLoader templates, DatasetFormats formats) throws IOException {
        List<JsonRecordSource.Raw> raws = JsonRecordSource.read(file);
        JsonRecordSource.Raw first = null;
        DatasetFormat format = null;
        for (JsonRecordSource.Raw r : raws) {
            if (r.value() == null || !r.value().isObject()) {
                continue;
            }
            Optional<DatasetFormat> f = formats.recognise(JsonRecordSource.plain(r.value()));
            if (f.isPresent()) {
                first = r;
                format = f.get();
                break;
            }
        }
        if (format == null) {
            throw new DatasetFileException(file + ": no record is preference data: a record needs \"chosen\" and "
                    + "\"rejected\" (both strings, or both lists of messages), with \"prompt\" or \"instruction\" "
                    + "or neither" + pluginFormats(formats) + "; " + describeFirst(raws));
        }
        RecordParser parser = new RecordParser(format, templates, file);
        List<PreferenceRecord> records = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        for (JsonRecordSource.Raw r : raws) {
            if (r.value() == null) {
                problems.add(new RecordProblem(r.line(), null, ProblemKind.MALFORMED_JSON,
                        "malformed JSON: " + r.syntaxError()));
                continue;
            }
            RecordParser.Parsed p;
            try {
                p = parser.parse(r.line(), r.value());
            } catch (ChatTemplateException e) {
                // A render limit is the template's doing, not the record's: every record would meet it again.
                throw new DatasetFileException(file + ": line " + r.line() + ": " + e.getMessage());
            }
            problems.addAll(p.problems());
            if (p.record() != null) {
                records.add(p.record());
            }
        }
        return new ReadResult(file, format, first.line(), raws.size(), records, problems);
    }

    /** The other shapes that would be read: the formats beyond the built-in five, by description. */
    private static String pluginFormats(DatasetFormats formats) {
        List<String> more = formats.inRecognitionOrder().stream()
                .filter(f -> !f.getClass().getPackageName().equals("org.preflab.engine.data.format"))
                .map(f -> f.id() + ": " + f.description()).toList();
        return more.isEmpty() ? "" : ", or a shape of a plugin format (" + String.join("; ", more) + ")";
    }

    /** What the first record looks like, to say why no format fits. */
    private static String describeFirst(List<JsonRecordSource.Raw> raws) {
        for (JsonRecordSource.Raw r : raws) {
            if (r.value() == null) {
                continue;
            }
            if (!r.value().isObject()) {
                return "line " + r.line() + " is " + RecordParser.type(r.value()) + ", not an object";
            }
            List<String> keys = new ArrayList<>();
            r.value().fieldNames().forEachRemaining(keys::add);
            return "line " + r.line() + " has the keys " + keys;
        }
        return "no line is valid JSON";
    }
}
