package org.preflab.app.gui.acquisition;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * An active-preference-learning run folder as the acquisition view draws it: per round, each score's values with
 * the positions the acquisition kept, the pairs it picked with the oracle's verdicts, and the round's time split;
 * per evaluation, the win rate against the labels used. Read from the acquisition and round events, the attempt
 * files they name (which hold the scores and the candidates' texts) and apl/labels.jsonl. No JavaFX: read off the
 * FX thread.
 */
public record AplHistory(String acquisition, List<Round> rounds, List<WinRatePoint> winRates) {
    /** The events an apl run writes (AplRounds' names; the engine keeps them package-private). */
    static final String ACQUISITION = "acquisition";
    static final String ROUND = "round";
    // scores are written with Jackson's default, which spells a NaN as NaN
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** One score of a round: its values over every attempt of the round, and the positions kept among them. */
    public record Score(String name, double[] values, int[] kept) {}

    /** A pair the round picked for labelling, completions in the order made; verdict as {@link #verdictOf}. */
    public record Pick(String id, String prompt, String first, String second, String verdict) {}

    /** Seconds of a finished round. */
    public record Times(double generate, double score, double label, double train) {
        public double total() {
            return generate + score + label + train;
        }
    }

    /**
     * One round (0-based). {@code times} is null while the round is still going; {@code labelsUsed} is 0 until then.
     */
    public record Round(int round, int budget, int attempts, List<Score> scores, List<Pick> picks, Times times,
            int labelsUsed) {}

    /** The win rate against the reference at one evaluation, with its Wilson interval. */
    public record WinRatePoint(int step, double labelsUsed, double rate, double low, double high) {}

    public boolean isEmpty() {
        return rounds.isEmpty();
    }

    /** Reads what the run folder holds now ({@code log} polled by the caller). */
    public static AplHistory read(RunLog log) throws IOException {
        Map<String, String> verdicts = verdicts(log.dir().resolve("apl").resolve("labels.jsonl"));
        Map<Integer, RoundBuilder> rounds = new TreeMap<>();
        Set<String> seenAttempts = new HashSet<>();
        String acquisition = "";
        for (RunEvent e : log.events()) {
            Map<String, Object> d = e.data();
            if (!(d.get("round") instanceof Number r)) {
                continue;
            }
            RoundBuilder b = rounds.computeIfAbsent(r.intValue(), RoundBuilder::new);
            if (e.type().equals(ACQUISITION) && d.get("file") instanceof String file
                    && seenAttempts.add(r.intValue() + "/" + d.get("attempt"))) {
                acquisition = String.valueOf(d.getOrDefault("acquisition", acquisition));
                b.budget = d.get("budget") instanceof Number n ? n.intValue() : b.budget;
                b.addAttempt(JSON.readTree(log.dir().resolve(file).toFile()), verdicts);
            } else if (e.type().equals(ROUND)) {
                b.times = new Times(num(d, "generate_s"), num(d, "score_s"), num(d, "label_s"), num(d, "train_s"));
                b.labelsUsed = (int) num(d, "labels_used");
            }
        }
        List<Round> out = new ArrayList<>();
        rounds.values().stream().filter(b -> b.attempts > 0).forEach(b -> out.add(b.build()));
        return new AplHistory(acquisition, out, winRates(log.evals()));
    }

    /** "first" or "second" (the better completion as made), "tie", "skip", or "waiting" when not answered yet. */
    static String verdictOf(String verdict, boolean swapped) {
        return switch (verdict) {
            case "A" -> swapped ? "second" : "first";
            case "B" -> swapped ? "first" : "second";
            case "TIE" -> "tie";
            case "SKIP" -> "skip";
            default -> verdict.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Each answered candidate's verdict; a half-written last line (the run is writing it) is left for later. */
    private static Map<String, String> verdicts(Path labels) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(labels)) {
            return out;
        }
        String text = Files.readString(labels, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            out.put(n.path("id").asText(), verdictOf(n.path("verdict").asText(), n.path("swapped").asBoolean()));
        }
        return out;
    }

    private static List<WinRatePoint> winRates(List<StepMetrics> evals) {
        List<WinRatePoint> out = new ArrayList<>();
        for (StepMetrics m : evals) {
            Map<String, Double> v = m.values();
            Double rate = v.get(MetricNames.eval(MetricNames.WIN_RATE));
            if (rate != null) {
                out.add(new WinRatePoint(m.step(), v.getOrDefault(MetricNames.LABELS_USED, Double.NaN), rate,
                        v.getOrDefault(MetricNames.eval(MetricNames.WIN_RATE_LOW), rate),
                        v.getOrDefault(MetricNames.eval(MetricNames.WIN_RATE_HIGH), rate)));
            }
        }
        return out;
    }

    private static double num(Map<String, Object> d, String key) {
        return d.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    /** A round put together attempt by attempt. */
    private static final class RoundBuilder {
        final int round;
        int budget;
        int attempts;
        Times times;
        int labelsUsed;
        final Map<String, List<Double>> values = new LinkedHashMap<>();
        final Map<String, List<Integer>> kept = new LinkedHashMap<>();
        final List<Pick> picks = new ArrayList<>();

        RoundBuilder(int round) {
            this.round = round;
        }

        void addAttempt(JsonNode file, Map<String, String> verdicts) {
            attempts++;
            file.path("scores").fields().forEachRemaining(f -> {
                List<Double> v = values.computeIfAbsent(f.getKey(), k -> new ArrayList<>());
                List<Integer> k = kept.computeIfAbsent(f.getKey(), x -> new ArrayList<>());
                int offset = v.size(); // a later attempt's positions follow the earlier attempts' values
                f.getValue().path("values").forEach(x -> v.add(x.asDouble()));
                f.getValue().path("kept").forEach(x -> k.add(offset + x.asInt()));
            });
            for (JsonNode c : file.path("candidates")) {
                String id = c.path("id").asText();
                picks.add(new Pick(id, c.path("prompt").asText(), c.path("first").asText(),
                        c.path("second").asText(), verdicts.getOrDefault(id, "waiting")));
            }
        }

        Round build() {
            List<Score> scores = new ArrayList<>();
            values.forEach((name, v) -> scores.add(new Score(name, v.stream().mapToDouble(Double::doubleValue).toArray(),
                    kept.get(name).stream().mapToInt(Integer::intValue).toArray())));
            return new Round(round, budget, attempts, List.copyOf(scores), List.copyOf(picks), times, labelsUsed);
        }
    }
}
