package org.preflab.app.gui.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.preflab.app.gui.project.ProjectSummary;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.tokenize.SpecialTokens;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * What a checkpoint folder is, read with the engine's readers (no weights loaded): architecture from config.json,
 * the tokenizer's size and special tokens, the chat template, and for a run's checkpoint the step it was saved at.
 *
 * @param facts    label/value pairs in reading order (family, parameters, shapes, tokens)
 * @param config   config.json flattened to key/value rows
 * @param template the chat template source, or null when the folder has none
 * @param problem  why the folder cannot be used (engine message naming the file), or null
 */
public record CheckpointFacts(Path dir, List<Map.Entry<String, String>> facts, List<Map.Entry<String, String>> config,
        String template, String problem) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code dir}; never throws (a problem is reported in {@link #problem()} with what could be read). */
    public static CheckpointFacts read(Path dir) {
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        List<Map.Entry<String, String>> config = new ArrayList<>();
        String template = null;
        List<String> problems = new ArrayList<>();
        try {
            JsonNode raw = JSON.readTree(dir.resolve("config.json").toFile());
            raw.fields().forEachRemaining(f -> config.add(Map.entry(f.getKey(),
                    f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString())));
        } catch (IOException | RuntimeException e) {
            problems.add(dir.resolve("config.json") + ": " + e.getMessage());
        }
        try {
            ModelConfig mc = ModelConfig.load(dir);
            facts.add(Map.entry("Family", ProjectSummary.modelType(mc) + " (" + mc.family().name().toLowerCase(
                    java.util.Locale.ROOT) + " architecture)"));
            facts.add(Map.entry("Parameters", String.format("%,d (%s)", mc.parameterCount(),
                    ProjectSummary.count(mc.parameterCount()))));
            facts.add(Map.entry("Layers, width, heads", mc.layers() + " layers, hidden " + mc.hidden() + ", "
                    + mc.heads() + " query heads, " + mc.kvHeads() + " key/value heads of " + mc.headDim()));
            facts.add(Map.entry("Context", mc.maxPositions() + " tokens"));
            facts.add(Map.entry("Embedding rows", Integer.toString(mc.vocabSize())));
        } catch (IOException | RuntimeException e) {
            problems.add(e.getMessage());
        }
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            SpecialTokens s = tok.specialTokens();
            facts.add(Map.entry("Tokenizer vocabulary", Integer.toString(tok.vocabSize())));
            facts.add(Map.entry("BOS", token(s.bos())));
            facts.add(Map.entry("EOS", token(s.eos())));
            facts.add(Map.entry("PAD", s.pad() == null ? "none (batches pad with EOS, masked out)" : token(s.pad())));
            facts.add(Map.entry("UNK", token(s.unk())));
            facts.add(Map.entry("Stops generation", s.stopIds().isEmpty() ? "nothing (no EOS)"
                    : s.stopIds().stream().map(String::valueOf).collect(Collectors.joining(", "))));
            template = tok.chatTemplate().orElse(null);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        trainerStep(dir).ifPresent(step -> facts.add(Map.entry("Saved at", "step " + step + " of run "
                + dir.getParent().getParent().getFileName())));
        return new CheckpointFacts(dir, List.copyOf(facts), List.copyOf(config), template,
                problems.isEmpty() ? null : String.join("\n", problems));
    }

    private static String token(SpecialTokens.Token t) {
        return t == null ? "none" : t.content() + "  (id " + t.id() + ")";
    }

    /** A run checkpoint's trainer_state.json step. */
    private static java.util.Optional<Integer> trainerStep(Path dir) {
        Path f = dir.resolve("trainer_state.json");
        if (!Files.isRegularFile(f) || dir.getParent() == null || dir.getParent().getParent() == null) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            return n.has("step") ? java.util.Optional.of(n.get("step").asInt()) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
