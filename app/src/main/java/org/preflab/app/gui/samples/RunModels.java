package org.preflab.app.gui.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.preflab.engine.run.RunLog;

/**
 * What the samples view offers for one run: the models to sample (its checkpoints and sDPO references), the
 * reference (the run's configured model), prompts from its eval pairs and samples, and the project file that
 * labelled pairs go to.
 *
 * @param policies   checkpoints/step-N (newest last) and references/stage-N folders
 * @param labelFile  {@code <project>/data/labelled.jsonl}, the project being the folder that holds runs_dir
 */
public record RunModels(Path runDir, Path reference, List<Path> policies, List<String> prompts, Path labelFile) {

    /** File work: reads the run's config, lists its model folders and collects its prompts. */
    public static RunModels read(Path runDir) throws IOException {
        RunLog log = RunLog.open(runDir);
        JsonNode cfg = log.configTree();
        if (!cfg.hasNonNull("model")) {
            throw new IOException(runDir.resolve("config.json") + ": no \"model\" to use as the reference");
        }
        Path reference = Path.of(cfg.get("model").asText());
        List<Path> policies = new ArrayList<>(subfolders(runDir.resolve("references"), "stage-"));
        policies.addAll(log.checkpoints());
        Set<String> prompts = new LinkedHashSet<>();
        log.evalPairTexts().forEach(row -> addPrompt(prompts, row));
        for (int step : log.sampleSteps()) {
            log.samples(step).forEach(row -> addPrompt(prompts, row));
        }
        Path runsDir = cfg.hasNonNull("runs_dir") ? Path.of(cfg.get("runs_dir").asText()) : runDir.getParent();
        Path project = runsDir.toAbsolutePath().getParent();
        return new RunModels(runDir, reference, List.copyOf(policies), List.copyOf(prompts),
                project.resolve("data").resolve("labelled.jsonl"));
    }

    private static void addPrompt(Set<String> prompts, Map<String, Object> row) {
        Object p = row.get("prompt");
        if (p != null && !p.toString().isBlank()) {
            prompts.add(p.toString());
        }
    }

    private static List<Path> subfolders(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(prefix)).sorted()
                    .toList();
        }
    }

    /** How a model folder is named in the view: relative to the run when inside it. */
    public String label(Path model) {
        return model.startsWith(runDir) ? runDir.relativize(model).toString() : model.toString();
    }
}
