package org.preflab.engine.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.data.LengthLimits;
import org.preflab.engine.data.PreferenceDataset;
import org.preflab.engine.data.PreferenceRecord;
import org.preflab.engine.data.TokenizedPair;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Preference files in any dataset format (TRL's forms, alpaca, those of plugin jars; engine.data), read once and
 * tokenized as TRL does; a file with a bad record is refused with its line. The run makes its own eval split, so each
 * file is loaded whole. The response texts ride along for methods that work on text (SPO's degree variants) and for
 * the GUI's drill-down.
 */
public final class PreferenceFileSource implements PairSource {
    private final DatasetFormats formats;

    /** Reads with the built-in formats and those of the user's plugin folder, as found at each load. */
    public PreferenceFileSource() {
        this(null);
    }

    /** Reads with {@code formats} (a plugin folder of its own, say); null: as the default constructor. */
    public PreferenceFileSource(DatasetFormats formats) {
        this.formats = formats;
    }

    @Override
    public Loaded load(Path file, TextTokenizer tok, Path modelDir, RunConfig.DataConfig data) throws IOException {
        PreferenceDataset.WholeFile whole = PreferenceDataset.loadWhole(file, tok, modelDir,
                new LengthLimits(data.maxLength(), data.maxPromptLength()), data.templateLimits(),
                formats != null ? formats : DatasetFormats.load());
        Map<Integer, PreferenceRecord> byLine = new HashMap<>();
        whole.records().forEach(r -> byLine.put(r.line(), r));
        List<PairExample> out = new ArrayList<>();
        for (TokenizedPair p : whole.tokenized().pairs()) {
            PreferenceRecord r = byLine.get(p.line());
            out.add(new PairExample(out.size(), p.prompt(), p.chosen(), p.rejected(), r.chosen(), r.rejected()));
        }
        var summary = whole.tokenized().summary();
        return new Loaded(out, summary.truncated(), summary.dropped(), whole.format().id());
    }
}
