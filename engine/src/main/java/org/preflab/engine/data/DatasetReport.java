package org.preflab.engine.data;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * What {@code preflab validate} tells about a preference file: the format, every bad record by line and field,
 * pairs that occur more than once, a length histogram (tokens with a tokenizer, characters without), and what the
 * length limits would cut or drop. Duplicates are reported but do not make a file bad: repeated pairs are common in
 * public data sets and train without error; bad records cannot be trained on at all.
 */
public final class DatasetReport {
    private final PreferenceReader.ReadResult read;
    private final List<List<Integer>> duplicates;
    private final TextTokenizer tok;
    private final boolean transcripts;
    private final boolean tokens;
    private final int[][] lengths;
    private final LengthLimits limits;
    private final List<Integer> truncatedLines = new ArrayList<>();
    private final List<Integer> droppedLines = new ArrayList<>();
    private int prefixMismatches;

    private DatasetReport(PreferenceReader.ReadResult read, TextTokenizer tok, LengthLimits limits) {
        this.read = read;
        this.tok = tok;
        this.limits = limits;
        this.duplicates = duplicates(read.records());
        List<PreferenceRecord> records = read.records();
        this.transcripts = records.stream().anyMatch(r -> r.rendering() == PreferenceRecord.Rendering.TRANSCRIPT);
        this.tokens = tok != null && !transcripts;
        this.lengths = new int[3][records.size()];
        PairTokenizer pairs = tokens ? new PairTokenizer(tok) : null;
        for (int i = 0; i < records.size(); i++) {
            PreferenceRecord r = records.get(i);
            if (tokens) {
                // bounded by max_length when one is set (a 19 MB record costs a prefix, not 46 s): a length past
                // the limit then reads as "at least max_length", which is all the cut it gets needs
                PairTokenizer.Encoded e = pairs.encode(r, limits);
                prefixMismatches += e.prefixMismatch() ? 1 : 0;
                lengths[0][i] = e.pair().prompt().length;
                lengths[1][i] = e.pair().chosen().length;
                lengths[2][i] = e.pair().rejected().length;
                switch (pairs.fit(e.pair(), limits).outcome()) {
                    case TRUNCATED -> truncatedLines.add(r.line());
                    case DROPPED -> droppedLines.add(r.line());
                    case KEPT -> { }
                }
            } else {
                lengths[0][i] = r.prompt().codePointCount(0, r.prompt().length());
                lengths[1][i] = r.chosen().codePointCount(0, r.chosen().length());
                lengths[2][i] = r.rejected().codePointCount(0, r.rejected().length());
            }
        }
    }

    /**
     * The report on {@code read}.
     *
     * @param tok    the model's tokenizer for token lengths and limits, or null for character lengths
     * @param limits the limits to check; {@link LengthLimits#NONE} to skip
     * @throws IllegalArgumentException for limits without a tokenizer (they count tokens)
     */
    public static DatasetReport of(PreferenceReader.ReadResult read, TextTokenizer tok, LengthLimits limits) {
        boolean limited = limits.limitsLength() || limits.maxPromptLength() > 0;
        if (tok == null && limited) {
            throw new IllegalArgumentException("length limits count tokens: they need the model's tokenizer");
        }
        return new DatasetReport(read, tok, limits);
    }

    /** True when every record can be used (duplicates allowed). */
    public boolean allGood() {
        return read.allGood();
    }

    /** The line numbers of each group of identical pairs (same prompt, chosen and rejected), in file order. */
    public List<List<Integer>> duplicates() {
        return duplicates;
    }

    /** Lines of the pairs the limits would cut; empty without limits. */
    public List<Integer> truncatedLines() {
        return List.copyOf(truncatedLines);
    }

    /** Lines of the pairs the limits (or an empty completion) would drop; empty without a tokenizer. */
    public List<Integer> droppedLines() {
        return List.copyOf(droppedLines);
    }

    /** What was read: format, records and problems. */
    public PreferenceReader.ReadResult read() {
        return read;
    }

    /** True when {@link #lengths()} counts tokens; false when it counts characters (no tokenizer, or transcripts). */
    public boolean countsTokens() {
        return tokens;
    }

    /** The limits checked ({@link LengthLimits#NONE} when none). */
    public LengthLimits limits() {
        return limits;
    }

    /**
     * Lengths before any limit, one per good record in file order: [0] prompt, [1] chosen, [2] rejected; tokens
     * when {@link #countsTokens()}, else characters. A copy.
     */
    public int[][] lengths() {
        return new int[][] {lengths[0].clone(), lengths[1].clone(), lengths[2].clone()};
    }

    /** Pairs whose prompt tokenized differently alone than before its completion. */
    public int prefixMismatches() {
        return prefixMismatches;
    }

    public void print(PrintWriter out) {
        out.println("file: " + read.file());
        out.println("format: " + read.format().description() + ", detected at line " + read.formatLine());
        out.println("records: " + read.recordsRead() + " read, " + read.records().size() + " good, " + read.badRecords()
                + " bad");
        if (!read.problems().isEmpty()) {
            out.println("bad records:");
            read.problems().forEach(p -> out.println("  " + p));
        }
        if (!duplicates.isEmpty()) {
            out.println("duplicate pairs (same prompt, chosen and rejected; reported, not an error): "
                    + duplicates.size() + " group" + (duplicates.size() == 1 ? "" : "s"));
            duplicates.forEach(g -> out.println("  lines " + g.stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))));
        }
        if (!read.records().isEmpty()) {
            printLengths(out);
        }
        out.println(read.allGood() ? "result: all " + read.recordsRead() + " records are good"
                : "result: " + read.badRecords() + " bad record" + (read.badRecords() == 1 ? "" : "s"));
        out.flush();
    }

    private void printLengths(PrintWriter out) {
        if (tokens) {
            out.println("token lengths before any limit (prompt with the tokenizer's special tokens; plain-text "
                    + "completions end with EOS):");
        } else {
            out.println("character lengths (" + (tok == null ? "no --model, so no tokenizer: give --model DIR for "
                    + "token lengths" : "conversations without a chat template cannot be tokenized")
                    + (transcripts ? "; conversations counted as 'role: content' lines" : "") + "):");
        }
        LengthHistogram.rows(tokens ? "tokens" : "chars", lengths).forEach(out::println);
        if (prefixMismatches > 0) {
            out.println("note: in " + prefixMismatches + " pairs the prompt tokenizes differently alone than before "
                    + "its completion; their prompt/completion split is approximate (TRL warns about these too)");
        }
        if (tokens && (limits.limitsLength() || limits.maxPromptLength() > 0)) {
            out.println("limits (max_length " + (limits.limitsLength() ? limits.maxLength() : "none")
                    + ", max_prompt_length " + (limits.maxPromptLength() > 0 ? limits.maxPromptLength() : "none")
                    + ", keep_start): " + truncatedLines.size() + " of " + read.records().size()
                    + " pairs would be truncated, " + droppedLines.size() + " dropped" + lines(droppedLines));
        } else if (tokens && !droppedLines.isEmpty()) {
            out.println(droppedLines.size() + " pairs would be dropped: a completion has no tokens"
                    + lines(droppedLines));
        }
    }

    private static String lines(List<Integer> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        String shown = lines.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", "));
        return " (line" + (lines.size() == 1 ? " " : "s ") + shown + (lines.size() > 20 ? ", ..." : "") + ")";
    }

    private static List<List<Integer>> duplicates(List<PreferenceRecord> records) {
        Map<List<String>, List<Integer>> byContent = new LinkedHashMap<>();
        for (PreferenceRecord r : records) {
            byContent.computeIfAbsent(List.of(r.prompt(), r.chosen(), r.rejected()), k -> new ArrayList<>())
                    .add(r.line());
        }
        return byContent.values().stream().filter(g -> g.size() > 1).map(List::copyOf).toList();
    }
}
