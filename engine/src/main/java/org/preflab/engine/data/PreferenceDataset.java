package org.preflab.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.preflab.engine.data.chat.RenderLimits;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Preference data for a run: read, checked, split into train and eval, and tokenized. Training refuses a file with
 * any bad record (the message names the first and points to {@code preflab validate}); the fraction split is made on
 * records before tokenization, so the eval set does not depend on the length limits.
 */
public final class PreferenceDataset {
    private PreferenceDataset() {}

    /**
     * Tokenized train and eval pairs.
     *
     * @param format       the format of the train file
     * @param split        train and eval pairs (eval empty when there is none)
     * @param trainSummary what tokenization did to train
     * @param evalSummary  what tokenization did to eval (all zero when there is none)
     */
    public record Loaded(DatasetFormat format, DatasetSplit<TokenizedPair> split, TokenizeSummary trainSummary,
            TokenizeSummary evalSummary) {}

    /**
     * Reads {@code file} for training: conversational data is rendered with the chat template of {@code modelDir}.
     *
     * @throws DatasetFileException when the file cannot be used or has any bad record
     */
    public static PreferenceReader.ReadResult readForTraining(Path file, Path modelDir) throws IOException {
        return readForTraining(file, modelDir, RenderLimits.DEFAULT);
    }

    /** As {@link #readForTraining(Path, Path)}, rendering chat templates under {@code templateLimits}. */
    public static PreferenceReader.ReadResult readForTraining(Path file, Path modelDir, RenderLimits templateLimits)
            throws IOException {
        return readForTraining(file, modelDir, templateLimits, DatasetFormats.load());
    }

    /** As {@link #readForTraining(Path, Path, RenderLimits)}, with the formats of {@code formats}. */
    public static PreferenceReader.ReadResult readForTraining(Path file, Path modelDir, RenderLimits templateLimits,
            DatasetFormats formats) throws IOException {
        PreferenceReader.ReadResult r = PreferenceReader.read(file, PreferenceReader.templateOf(modelDir, templateLimits),
                formats);
        if (!r.allGood()) {
            int bad = r.badRecords();
            throw new DatasetFileException(file + ": " + bad + " bad record" + (bad == 1 ? "" : "s") + " of "
                    + r.recordsRead() + " (first: " + r.problems().get(0) + "); preflab validate " + file
                    + " lists them all");
        }
        return r;
    }

    /**
     * Loads a run's data: {@code train}, and eval either from {@code eval} or as a seeded {@code evalFraction} of
     * train (not both). With neither, this is one file tokenized: {@code load(file, null, 0, 0, ...)}.
     *
     * @param eval         the eval file, or null
     * @param evalFraction the share of train records held out for eval when there is no eval file; 0 for none
     * @param seed         seeds the held-out choice
     */
    public static Loaded load(Path train, Path eval, double evalFraction, long seed, TextTokenizer tok, Path modelDir,
            LengthLimits limits) throws IOException {
        if (eval != null && evalFraction > 0) {
            throw new IllegalArgumentException("give either an eval file or eval_fraction, not both");
        }
        PreferenceReader.ReadResult read = readForTraining(train, modelDir);
        DatasetSplit<PreferenceRecord> records = eval == null
                ? DatasetSplit.byFraction(read.records(), evalFraction, seed)
                : DatasetSplit.byFiles(read.records(), readForTraining(eval, modelDir).records());
        PairTokenizer pairs = new PairTokenizer(tok);
        PairTokenizer.Tokenized t = nonEmpty(train, pairs.tokenize(records.train(), limits));
        PairTokenizer.Tokenized e = pairs.tokenize(records.eval(), limits);
        return new Loaded(read.format(), DatasetSplit.byFiles(t.pairs(), e.pairs()), t.summary(), e.summary());
    }

    /** One whole file, read once: its records (for the texts) and their tokenized pairs (each keeps its line). */
    public record WholeFile(DatasetFormat format, List<PreferenceRecord> records, PairTokenizer.Tokenized tokenized) {}

    /** Reads and tokenizes a whole file, refusing bad records and a file whose every pair the limits drop. */
    public static WholeFile loadWhole(Path file, TextTokenizer tok, Path modelDir, LengthLimits limits)
            throws IOException {
        return loadWhole(file, tok, modelDir, limits, RenderLimits.DEFAULT);
    }

    /** As {@link #loadWhole(Path, TextTokenizer, Path, LengthLimits)}, with chat templates under {@code templateLimits}. */
    public static WholeFile loadWhole(Path file, TextTokenizer tok, Path modelDir, LengthLimits limits,
            RenderLimits templateLimits) throws IOException {
        return loadWhole(file, tok, modelDir, limits, templateLimits, DatasetFormats.load());
    }

    /** As {@link #loadWhole(Path, TextTokenizer, Path, LengthLimits, RenderLimits)}, reading with {@code formats}. */
    public static WholeFile loadWhole(Path file, TextTokenizer tok, Path modelDir, LengthLimits limits,
            RenderLimits templateLimits, DatasetFormats formats) throws IOException {
        PreferenceReader.ReadResult read = readForTraining(file, modelDir, templateLimits, formats);
        PairTokenizer.Tokenized t = nonEmpty(file, new PairTokenizer(tok).tokenize(read.records(), limits));
        return new WholeFile(read.format(), read.records(), t);
    }

    private static PairTokenizer.Tokenized nonEmpty(Path file, PairTokenizer.Tokenized t) throws DatasetFileException {
        if (t.pairs().isEmpty()) {
            throw new DatasetFileException(file + ": every pair was dropped by the length limits ("
                    + t.summary().describe() + "); raise max_length");
        }
        return t;
    }
}
