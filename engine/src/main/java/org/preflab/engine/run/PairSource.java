package org.preflab.engine.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.tokenize.TextTokenizer;

/** Reads and tokenizes a preference data file for a run (the dataset formats live behind this). */
@FunctionalInterface
public interface PairSource {
    /** The tokenized pairs (indexed from 0 in file order) and how many were truncated or dropped. */
    Loaded load(Path file, TextTokenizer tokenizer, Path modelDir, RunConfig.DataConfig data) throws IOException;

    /** Tokenized pairs plus the counts a run reports, never silently. */
    record Loaded(List<PairExample> pairs, int truncated, int dropped, String format) {}
}
