package org.preflab.engine.trl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.data.DatasetSplit;
import org.preflab.engine.data.LengthLimits;
import org.preflab.engine.data.PreferenceDataset;
import org.preflab.engine.data.PreferenceRecord;
import org.preflab.engine.data.TokenizedPair;
import org.preflab.engine.dpo.SdpoSettings;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.DataOrder;

/**
 * The pairs a PrefLab run of this experiment trains and evaluates on, as TRL reads them: the same files, checked the
 * same way (a bad record refuses the export), the same pairs dropped by the length limits, the same seeded eval
 * split. Plain-text records are written in TRL's standard form (alpaca and implicit-prompt records as PrefLab split
 * them); conversations are written as given, for TRL to render with the model's chat template as PrefLab did.
 *
 * @param train the training records, one JSON object each
 * @param eval the eval records (empty: none)
 * @param dropped pairs the length limits dropped (left out, as PrefLab leaves them out)
 * @param truncated pairs that will be truncated (TRL truncates them the same way)
 */
public record TrlData(List<JsonNode> train, List<JsonNode> eval, int dropped, int truncated) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the data of {@code cfg} (paths absolute) as its run would. */
    public static TrlData read(RunConfig cfg, TrlExportOptions opt) throws IOException {
        Path modelDir = Path.of(cfg.model());
        RunConfig.DataConfig d = cfg.data();
        LengthLimits limits = new LengthLimits(d.maxLength(), d.maxPromptLength());
        List<String> files = cfg.sdpo() != null && cfg.sdpo().partition() == SdpoSettings.Partition.BY_FILE
                ? cfg.sdpo().files() : List.of(d.train());
        int[] counts = new int[2];
        List<JsonNode> train = new ArrayList<>();
        List<JsonNode> eval = List.of();
        try (TextTokenizer tok = TextTokenizer.load(modelDir)) {
            for (String f : files) {
                train.addAll(kept(Path.of(f), tok, modelDir, limits, d, counts));
            }
            if (d.eval() != null) {
                eval = kept(Path.of(d.eval()), tok, modelDir, limits, d, counts);
            } else if (d.evalFraction() > 0) {
                DatasetSplit<JsonNode> split = DatasetSplit.byFraction(train, d.evalFraction(), cfg.train().seed());
                train = new ArrayList<>(split.train());
                eval = split.eval();
            }
        }
        if (opt.sameOrder()) {
            int[] order = new DataOrder(train.size(), cfg.train().seed(), 0, 0).nextBatch(train.size());
            List<JsonNode> ordered = new ArrayList<>(train.size());
            for (int i : order) {
                ordered.add(train.get(i));
            }
            train = ordered;
        }
        return new TrlData(List.copyOf(train), List.copyOf(eval), counts[0], counts[1]);
    }

    /** One file's records that survive the length limits, in file order, as TRL records. */
    private static List<JsonNode> kept(Path file, TextTokenizer tok, Path modelDir, LengthLimits limits,
            RunConfig.DataConfig d, int[] counts) throws IOException {
        PreferenceDataset.WholeFile whole = PreferenceDataset.loadWhole(file, tok, modelDir, limits,
                d.templateLimits());
        List<JsonNode> raw = rawRecords(file);
        if (raw.size() != whole.records().size()) {
            throw new IOException(file + ": read " + raw.size() + " JSON records but " + whole.records().size()
                    + " preference records; cannot export it record by record");
        }
        Map<Integer, Integer> indexByLine = new HashMap<>();
        for (int i = 0; i < whole.records().size(); i++) {
            indexByLine.put(whole.records().get(i).line(), i);
        }
        List<JsonNode> out = new ArrayList<>();
        for (TokenizedPair p : whole.tokenized().pairs()) {
            int i = indexByLine.get(p.line());
            out.add(trlRecord(whole.records().get(i), raw.get(i)));
        }
        counts[0] += whole.tokenized().summary().dropped();
        counts[1] += whole.tokenized().summary().truncated();
        return out;
    }

    /** Plain text in TRL's standard form; a conversation as the file gives it (TRL applies the chat template). */
    static JsonNode trlRecord(PreferenceRecord r, JsonNode raw) {
        if (r.rendering() == PreferenceRecord.Rendering.CHAT_TEMPLATE) {
            return raw;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("prompt", r.prompt());
        o.put("chosen", r.chosen());
        o.put("rejected", r.rejected());
        return o;
    }

    /** The file's JSON objects in order: a JSON array's elements, or JSONL's non-blank lines. */
    static List<JsonNode> rawRecords(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<JsonNode> out = new ArrayList<>();
        if (text.stripLeading().startsWith("[")) {
            JSON.readTree(text).forEach(out::add);
            return out;
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Records as JSONL text. */
    public static byte[] jsonl(List<JsonNode> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : records) {
            sb.append(JSON.writeValueAsString(r)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
