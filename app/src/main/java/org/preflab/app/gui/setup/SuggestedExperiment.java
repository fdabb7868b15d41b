package org.preflab.app.gui.setup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The settings offered for a project folder that has no experiment.json yet: a DPO run named after the folder, on
 * the model folder and the preference file found in it, with a tenth of the pairs held out for evaluation. Nothing
 * is written until the user saves.
 */
final class SuggestedExperiment {
    private SuggestedExperiment() {}

    static ObjectNode forFolder(Path projectDir) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", name(projectDir));
        root.put("method", "dpo");
        model(projectDir).ifPresent(m -> root.put("model", m));
        ObjectNode data = root.putObject("data");
        data(projectDir).ifPresent(d -> data.put("train", d));
        data.put("eval_fraction", 0.1);
        return root;
    }

    /** The folder's name with what a run name cannot hold replaced by '-'. */
    static String name(Path projectDir) {
        Path fileName = projectDir.toAbsolutePath().normalize().getFileName();
        String n = fileName == null ? "" : fileName.toString().replaceAll("[^A-Za-z0-9._-]", "-");
        n = n.length() > 64 ? n.substring(0, 64) : n;
        return n.isEmpty() ? "experiment" : n;
    }

    /** "model" when there is such a folder, else the first sub-folder holding a config.json (a Hugging Face model). */
    private static Optional<String> model(Path dir) {
        if (Files.isRegularFile(dir.resolve("model").resolve("config.json"))) {
            return Optional.of("model");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config.json"))).sorted()
                    .map(p -> dir.relativize(p).toString()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first .jsonl (else .json) file in data/ or the folder itself, relative to the folder. */
    private static Optional<String> data(Path dir) {
        for (Path where : new Path[] {dir.resolve("data"), dir}) {
            if (!Files.isDirectory(where)) {
                continue;
            }
            try (Stream<Path> s = Files.list(where)) {
                Optional<Path> found = s.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".json"))
                        .filter(p -> !p.getFileName().toString().equals("experiment.json"))
                        .min(Comparator.comparing((Path p) -> p.toString().endsWith(".json")).thenComparing(p -> p));
                if (found.isPresent()) {
                    return Optional.of(dir.relativize(found.get()).toString());
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
