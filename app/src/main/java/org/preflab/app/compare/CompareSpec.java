package org.preflab.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.preflab.app.gui.compare.RunCurves.Alignment;

/**
 * What a sample compares, as its compare.json declares it: the arms (an experiment file each, with optional
 * setting overrides), the seeds every arm runs with, the metrics to tabulate and draw, the x axis, and the smaller
 * settings of {@code --quick}. Every problem is an error naming the file, line and field.
 *
 * <pre>{@code
 * {"title": "APL against random acquisition",
 *  "x": "labels_used",
 *  "metrics": ["eval_win_rate", "eval_oracle_reward"],
 *  "arms": [{"label": "entropy + certainty", "config": "experiment.json"},
 *           {"label": "random", "config": "random.json", "set": {"train.learning_rate": 1e-4}}],
 *  "seeds": [1, 2, 3],
 *  "quick": {"seeds": [1, 2], "set": {"apl.budgets": [2, 4]}}}
 * }</pre>
 *
 * @param file the compare.json read
 * @param title the charts' and table's title
 * @param x what the x axis counts: labels used (apl, spa) or optimizer steps
 * @param metrics metric names as runs write them (eval_win_rate, eval_rewards/margins, ...)
 * @param arms the methods compared, in the order they are shown
 * @param seeds train.seed values, each arm runs once per seed
 * @param quick what {@code --quick} changes (for the test suite)
 */
public record CompareSpec(Path file, String title, Axis x, List<String> metrics, List<Arm> arms,
        List<Integer> seeds, Quick quick) {

    public static final String FILE_NAME = "compare.json";

    /** The x axis: its name in compare.json, the words on the chart, and how run curves align to it. */
    public enum Axis {
        LABELS_USED("labels_used", "labels used", Alignment.LABELS),
        STEP("step", "step", Alignment.STEP);

        public final String key;
        public final String words;
        public final Alignment alignment;

        Axis(String key, String words, Alignment alignment) {
            this.key = key;
            this.words = words;
            this.alignment = alignment;
        }
    }

    /**
     * One method compared.
     *
     * @param label its name in tables and legends
     * @param config its experiment file, relative to the sample folder
     * @param set overrides in {@code preflab fork --set} form ("dpo.beta=0.2"), applied before the seed's
     * @param quickSet this arm's own {@code --quick} overrides, after the shared ones (settings of a section only
     *     this arm's method has, such as spa.iterations)
     */
    public record Arm(String label, String config, List<String> set, List<String> quickSet) {
        public Arm(String label, String config, List<String> set) {
            this(label, config, set, List.of());
        }
    }

    /** What {@code --quick} runs instead: other seeds (null: the same) and overrides applied to every arm. */
    public record Quick(List<Integer> seeds, List<String> set) {
        static final Quick NONE = new Quick(null, List.of());
    }

    /** The sample folder: arm configs and the compare/ output folder are relative to it. */
    public Path sample() {
        return file.toAbsolutePath().getParent();
    }

    /** Reads {@code <sample>/compare.json} (or the file given) and checks every field. */
    public static CompareSpec load(Path sampleOrFile) throws IOException {
        Path file = Files.isDirectory(sampleOrFile) ? sampleOrFile.resolve(FILE_NAME) : sampleOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file; a sample declares what it compares in " + FILE_NAME
                    + " beside its experiment files (see README, 'Reproducing a sample's comparison')");
        }
        JsonLines j = JsonLines.read(file);
        if (!j.root.isObject()) {
            throw j.error("", "expected an object {\"title\", \"x\", \"metrics\", \"arms\", \"seeds\", \"quick\"}");
        }
        onlyKeys(j, "", j.root, Set.of("title", "x", "metrics", "arms", "seeds", "quick"));
        String title = text(j, "/title", j.root.get("title"));
        Axis x = axis(j, j.root.get("x"));
        List<String> metrics = texts(j, "/metrics", j.root.get("metrics"));
        List<Arm> arms = arms(j, file.toAbsolutePath().getParent());
        List<Integer> seeds = j.root.has("seeds") ? seeds(j, "/seeds", j.root.get("seeds")) : List.of(1, 2, 3);
        Quick quick = quick(j, j.root.get("quick"));
        return new CompareSpec(file, title, x, metrics, arms, seeds, quick);
    }

    private static Axis axis(JsonLines j, JsonNode n) throws IOException {
        String v = text(j, "/x", n);
        for (Axis a : Axis.values()) {
            if (a.key.equals(v)) {
                return a;
            }
        }
        throw j.error("/x", "'" + v + "': expected labels_used or step");
    }

    private static List<Arm> arms(JsonLines j, Path sample) throws IOException {
        JsonNode n = j.root.get("arms");
        if (n == null || !n.isArray() || n.size() < 2) {
            throw j.error("/arms", "expected a list of at least two arms {\"label\", \"config\"}");
        }
        List<Arm> arms = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String at = "/arms/" + i;
            JsonNode a = n.get(i);
            if (!a.isObject()) {
                throw j.error(at, "expected {\"label\": ..., \"config\": ...}");
            }
            onlyKeys(j, at, a, Set.of("label", "config", "set", "quick_set"));
            String label = text(j, at + "/label", a.get("label"));
            if (!labels.add(label)) {
                throw j.error(at + "/label", "'" + label + "' is the label of an earlier arm; labels name arms");
            }
            String config = text(j, at + "/config", a.get("config"));
            if (!Files.isRegularFile(sample.resolve(config))) {
                throw j.error(at + "/config", "'" + config + "': no such file in " + sample);
            }
            arms.add(new Arm(label, config, overrides(j, at + "/set", a.get("set")),
                    overrides(j, at + "/quick_set", a.get("quick_set"))));
        }
        return List.copyOf(arms);
    }

    private static Quick quick(JsonLines j, JsonNode n) throws IOException {
        if (n == null) {
            return Quick.NONE;
        }
        if (!n.isObject()) {
            throw j.error("/quick", "expected {\"seeds\": [...], \"set\": {\"key\": value}}");
        }
        onlyKeys(j, "/quick", n, Set.of("seeds", "set"));
        List<Integer> seeds = n.has("seeds") ? seeds(j, "/quick/seeds", n.get("seeds")) : null;
        return new Quick(seeds, overrides(j, "/quick/set", n.get("set")));
    }

    /** {"dpo.beta": 0.2, "apl.budgets": [2, 4]} as "dpo.beta=0.2", "apl.budgets=[2,4]" (checked when applied). */
    private static List<String> overrides(JsonLines j, String at, JsonNode n) throws IOException {
        if (n == null) {
            return List.of();
        }
        if (!n.isObject()) {
            throw j.error(at, "expected an object of settings, e.g. {\"train.learning_rate\": 1e-4}");
        }
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.add(e.getKey() + "=" + (v.isTextual() ? v.asText() : v.toString()));
        }
        return List.copyOf(out);
    }

    private static List<Integer> seeds(JsonLines j, String at, JsonNode n) throws IOException {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw j.error(at, "expected a non-empty list of seeds, e.g. [1, 2, 3]");
        }
        List<Integer> seeds = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode s = n.get(i);
            if (!s.isIntegralNumber() || s.asLong() < 0 || s.asLong() > Integer.MAX_VALUE) {
                throw j.error(at + "/" + i, s + ": a seed is a whole number >= 0");
            }
            if (seeds.contains(s.asInt())) {
                throw j.error(at + "/" + i, s + " is given twice; each seed runs once per arm");
            }
            seeds.add(s.asInt());
        }
        return List.copyOf(seeds);
    }

    private static List<String> texts(JsonLines j, String at, JsonNode n) throws IOException {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw j.error(at, "expected a non-empty list of metric names, e.g. [\"eval_win_rate\"]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String t = text(j, at + "/" + i, n.get(i));
            if (out.contains(t)) {
                throw j.error(at + "/" + i, "'" + t + "' is given twice");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    private static String text(JsonLines j, String at, JsonNode n) throws IOException {
        if (n == null) {
            throw j.error(at, "missing");
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw j.error(at, n + ": expected a non-empty string");
        }
        return n.asText();
    }

    private static void onlyKeys(JsonLines j, String at, JsonNode n, Set<String> known) throws IOException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw j.error(at + "/" + k, "unknown key; known keys here: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
