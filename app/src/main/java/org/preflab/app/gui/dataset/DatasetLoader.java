package org.preflab.app.gui.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.preflab.engine.data.DatasetFileException;
import org.preflab.engine.data.DatasetReport;
import org.preflab.engine.data.LengthLimits;
import org.preflab.engine.data.PreferenceReader;
import org.preflab.engine.data.PreferenceRecord;
import org.preflab.engine.data.RecordProblem;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * The dataset view's two background steps, both with the engine's own readers: the table (every record, good or
 * bad, by line), then the validation report ({@code preflab validate}'s: problems, duplicates, lengths and what the
 * limits would cut), which tokenizes every pair and so comes second.
 */
final class DatasetLoader {
    private static final int RAW_CHARS = 2000;

    private DatasetLoader() {}

    /** The read file and its rows in line order; {@code note} says what was read without the model's help. */
    record Table(PreferenceReader.ReadResult read, List<PairRow> rows, String summary, String note) {}

    /** The report's lines, the length histogram, and a sentence on the limits. */
    record Report(List<ReportItem> items, LengthStats lengths, String limits) {}

    /**
     * Reads {@code file}; conversations are rendered with {@code modelDir}'s chat template when there is a model
     * (null: none), and shown as transcripts when its template cannot be used.
     *
     * @throws IOException with the engine's message when the file cannot be used at all
     */
    static Table readTable(Path file, Path modelDir) throws IOException {
        String[] templateProblem = new String[1];
        PreferenceReader.TemplateLoader templates = modelDir == null ? null : () -> {
            try {
                return PreferenceReader.templateOf(modelDir).load();
            } catch (IOException | RuntimeException e) {
                templateProblem[0] = e.getMessage();
                throw e;
            }
        };
        PreferenceReader.ReadResult read;
        String note = "";
        try {
            read = PreferenceReader.read(file, templates);
        } catch (DatasetFileException e) {
            if (templateProblem[0] == null) {
                throw e;
            }
            read = PreferenceReader.read(file, null);
            note = "the model's chat template cannot be used (" + templateProblem[0] + "); conversations are shown "
                    + "as transcripts";
        }
        String summary = String.format("%,d records (%s, detected at line %d): %,d good, %,d bad", read.recordsRead(),
                read.format().description(), read.formatLine(), read.records().size(), read.badRecords());
        return new Table(read, rows(read), summary, note);
    }

    /** Good pairs and bad records merged in line order; a bad record shows its raw line. */
    private static List<PairRow> rows(PreferenceReader.ReadResult read) throws IOException {
        Map<Integer, String> problems = new LinkedHashMap<>();
        for (RecordProblem p : read.problems()) {
            problems.merge(p.line(), p.message(), (a, b) -> a + "; " + b);
        }
        List<PairRow> rows = new ArrayList<>(read.records().size() + problems.size());
        for (PreferenceRecord r : read.records()) {
            rows.add(new PairRow(r.line(), r.prompt(), r.chosen(), r.rejected(), problems.remove(r.line())));
        }
        if (!problems.isEmpty()) {
            List<String> lines = Files.readAllLines(read.file(), StandardCharsets.UTF_8);
            problems.forEach((line, message) -> {
                String raw = line - 1 < lines.size() ? lines.get(line - 1) : "";
                rows.add(new PairRow(line, raw.length() > RAW_CHARS ? raw.substring(0, RAW_CHARS) + "..." : raw,
                        "", "", message));
            });
            rows.sort(Comparator.comparingInt(PairRow::line));
        }
        return rows;
    }

    /**
     * {@code preflab validate}'s report on the table: token lengths and {@code limits} with the model's tokenizer
     * when there is a model (null: none), else character lengths.
     */
    static Report report(Table t, Path modelDir, LengthLimits limits) {
        String tokenizerProblem = null;
        TextTokenizer tok = null;
        if (modelDir != null) {
            try {
                tok = TextTokenizer.load(modelDir);
            } catch (RuntimeException e) {
                tokenizerProblem = e.getMessage();
            }
        }
        try {
            DatasetReport r = DatasetReport.of(t.read(), tok, tok == null ? LengthLimits.NONE : limits);
            return new Report(items(r), LengthStats.of(r.countsTokens() ? "tokens" : "characters", r.lengths()),
                    limitsText(r, modelDir, tokenizerProblem));
        } finally {
            if (tok != null) {
                tok.close();
            }
        }
    }

    private static List<ReportItem> items(DatasetReport r) {
        List<ReportItem> items = new ArrayList<>();
        for (RecordProblem p : r.read().problems()) {
            items.add(new ReportItem(ReportItem.Severity.ERROR, p.toString(), List.of(p.line())));
        }
        if (!r.droppedLines().isEmpty()) {
            items.add(new ReportItem(ReportItem.Severity.WARNING, r.droppedLines().size() + " pairs would be dropped "
                    + "(the prompt alone reaches max_length, or a completion has no tokens): lines "
                    + shortList(r.droppedLines()), r.droppedLines()));
        }
        if (!r.truncatedLines().isEmpty()) {
            items.add(new ReportItem(ReportItem.Severity.NOTE, r.truncatedLines().size() + " pairs would be truncated "
                    + "(keep_start: completions lose their end): lines " + shortList(r.truncatedLines()),
                    r.truncatedLines()));
        }
        for (List<Integer> group : r.duplicates()) {
            items.add(new ReportItem(ReportItem.Severity.NOTE, "duplicate pair at lines " + shortList(group)
                    + " (reported; trains without error)", group));
        }
        if (r.prefixMismatches() > 0) {
            items.add(new ReportItem(ReportItem.Severity.NOTE, r.prefixMismatches() + " pairs: the prompt tokenizes "
                    + "differently alone than before its completion, so their split is approximate", List.of()));
        }
        if (r.allGood()) {
            items.add(0, new ReportItem(ReportItem.Severity.NOTE, "all " + r.read().recordsRead()
                    + " records are good", List.of()));
        }
        return items;
    }

    private static String limitsText(DatasetReport r, Path modelDir, String tokenizerProblem) {
        if (!r.countsTokens()) {
            return "Lengths in characters: " + (tokenizerProblem != null ? "the tokenizer cannot be loaded ("
                    + tokenizerProblem + ")" : modelDir == null ? "no model is known for this file (open it from a "
                    + "project to count tokens)" : "conversations without a chat template cannot be tokenized") + ".";
        }
        LengthLimits l = r.limits();
        int n = r.read().records().size();
        return "Token lengths with the tokenizer of " + modelDir.getFileName() + ". Limits max_length "
                + (l.limitsLength() ? l.maxLength() : "none") + ", max_prompt_length "
                + (l.maxPromptLength() > 0 ? l.maxPromptLength() : "none") + " (keep_start): "
                + r.truncatedLines().size() + " of " + n + " pairs would be truncated, " + r.droppedLines().size()
                + " dropped.";
    }

    private static String shortList(List<Integer> lines) {
        String s = lines.stream().limit(12).map(String::valueOf).collect(Collectors.joining(", "));
        return lines.size() > 12 ? s + ", ..." : s;
    }
}
