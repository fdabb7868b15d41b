package org.preflab.app.gui.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.preflab.engine.data.LengthLimits;
import org.preflab.engine.run.RunConfig;

/**
 * A project folder as the workbench sees it: its experiment.json (read with the engine's own validation, so a bad
 * file shows the engine's message), and the model, data files and runs folder it names, resolved against the
 * folder. An invalid experiment.json still opens: the explorer then shows the error and whatever lies in data/ and
 * runs/.
 *
 * @param dir         the project folder, absolute
 * @param config      the experiment, or null when experiment.json is missing or invalid
 * @param configError why {@code config} is null (the engine's message, with file and line); null when it loaded
 */
public record Project(Path dir, RunConfig config, String configError) {
    public static final String EXPERIMENT = "experiment.json";

    /** Reads {@code dir}/experiment.json; never throws for a bad file (see {@link #configError()}). */
    public static Project open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            return new Project(d, RunConfig.load(d.resolve(EXPERIMENT)), null);
        } catch (IOException | RuntimeException e) {
            return new Project(d, null, e.getMessage());
        }
    }

    /**
     * The project a file belongs to: the nearest folder above it holding experiment.json (a data file under
     * data/, a checkpoint under runs/x/checkpoints/, a model folder).
     */
    public static Optional<Project> containing(Path file) {
        for (Path p = file.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(EXPERIMENT))) {
                return Optional.of(open(p));
            }
        }
        return Optional.empty();
    }

    public Path experimentFile() {
        return dir.resolve(EXPERIMENT);
    }

    /** The folder name, which is how people recognise a project. */
    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    /** The starting checkpoint, when the config names one. */
    public Optional<Path> modelDir() {
        return config == null ? Optional.empty() : Optional.of(resolve(config.model()));
    }

    /** Where run folders go: runs_dir of the config, else runs/. */
    public Path runsDir() {
        return config == null ? dir.resolve("runs") : resolve(config.runsDir());
    }

    /** The token limits a run would apply (the data section's max_length and max_prompt_length). */
    public LengthLimits limits() {
        return config == null ? LengthLimits.NONE
                : new LengthLimits(config.data().maxLength(), config.data().maxPromptLength());
    }

    /**
     * The data files: those experiment.json names (train, eval, sDPO step files), then every other *.jsonl and
     * *.json under data/, each once. Named files are listed even when missing, so that the explorer can say so.
     */
    public List<Path> dataFiles() {
        Set<Path> files = new LinkedHashSet<>();
        if (config != null) {
            if (config.data().train() != null) {
                files.add(resolve(config.data().train()));
            }
            if (config.data().eval() != null) {
                files.add(resolve(config.data().eval()));
            }
            if (config.sdpo() != null) {
                config.sdpo().files().forEach(f -> files.add(resolve(f)));
            }
        }
        Path data = dir.resolve("data");
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.walk(data, 3)) {
                s.filter(Files::isRegularFile).filter(Project::isDataFile).sorted().forEach(p -> files.add(p.normalize()));
            } catch (IOException | RuntimeException unreadable) {
                // the named files are still listed
            }
        }
        return new ArrayList<>(files);
    }

    /** Whether the config names this data file (as opposed to one merely lying in data/). */
    public boolean isConfigured(Path dataFile) {
        if (config == null) {
            return false;
        }
        Path f = dataFile.toAbsolutePath().normalize();
        return f.equals(resolve(config.data().train())) || f.equals(resolve(config.data().eval()))
                || (config.sdpo() != null && config.sdpo().files().stream().map(this::resolve).anyMatch(f::equals));
    }

    static boolean isDataFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".json");
    }

    private Path resolve(String p) {
        return p == null ? null : dir.resolve(p).toAbsolutePath().normalize();
    }
}
