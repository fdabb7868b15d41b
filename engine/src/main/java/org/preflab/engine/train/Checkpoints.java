package org.preflab.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.io.SafetensorsReader;
import org.preflab.engine.io.SafetensorsWriter;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.tensor.Views;

/**
 * Training checkpoints: {@code checkpoints/step-000040/} is a Hugging Face model folder (loadable anywhere) plus
 * optimizer.safetensors (AdamW moments) and trainer_state.json (step, data position, seed). A checkpoint is written
 * in a hidden partial folder and renamed into place, so a run killed at any moment leaves either the whole
 * checkpoint or none of it; partial folders are ignored and swept.
 */
public final class Checkpoints {
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "trainer_state.json";
    public static final String RUN_STATE_FILE = "run_state.json";
    /** Trainable arrays of the objective (SPO's degree head), when it has any. */
    public static final String OBJECTIVE_FILE = "objective.safetensors";
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** Saves the trainer's model, moments and state under {@code root}; returns the checkpoint folder. */
    public static Path save(Trainer<?> trainer, Path root, Path tokenizerSource) throws IOException {
        return save(trainer, root, tokenizerSource, Map.of());
    }

    /** As {@link #save(Trainer, Path, Path)}, with the run's own state (stage, step offset) in run_state.json. */
    public static Path save(Trainer<?> trainer, Path root, Path tokenizerSource, Map<String, Object> runState)
            throws IOException {
        return save(trainer, root, tokenizerSource, runState, trainer.state().step());
    }

    /**
     * As {@link #save(Trainer, Path, Path, Map)}, the folder named after {@code runStep}: a run of several stages
     * (sDPO steps, APL rounds) names checkpoints by the run's global step, so that the newest is also the highest,
     * whatever stage it belongs to.
     */
    public static Path save(Trainer<?> trainer, Path root, Path tokenizerSource, Map<String, Object> runState,
            int runStep) throws IOException {
        TrainerState state = trainer.state();
        Path done = root.resolve(String.format("step-%06d", runStep));
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, ".partial-step-" + state.step() + "-");
        ModelIO.save(trainer.model(), partial, tokenizerSource);
        java.util.List<SafetensorsWriter.Lazy> moments = new java.util.ArrayList<>(); // written from libtorch's memory
        trainer.optimizer().stateArrays().forEach((k, a) ->
                moments.add(new SafetensorsWriter.Lazy(k, a.getShape().getShape(), () -> Views.floats(a))));
        SafetensorsWriter.writeLazily(partial.resolve(OPTIMIZER_FILE), moments,
                Map.of("format", "pt", "optimizer", "adamw", "steps", Long.toString(trainer.optimizer().steps())),
                org.preflab.engine.io.DType.F32);
        if (!trainer.objective().extraParameters().isEmpty()) {
            LinkedHashMap<String, Tensor> extra = new LinkedHashMap<>();
            trainer.objective().extraParameters().forEach((k, a) ->
                    extra.put(k, new Tensor(k, a.getShape().getShape(), a.toFloatArray())));
            SafetensorsWriter.write(partial.resolve(OBJECTIVE_FILE), extra);
        }
        AtomicFiles.write(partial.resolve(STATE_FILE), JSON.writeValueAsBytes(state));
        AtomicFiles.write(partial.resolve(RUN_STATE_FILE), JSON.writeValueAsBytes(runState));
        CheckpointManifest.write(partial);
        if (Files.exists(done)) { // a re-save of the same step (after a resume): replace the old one whole
            AtomicFiles.deleteTree(done);
        }
        Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncFolder(root);
        return done;
    }

    /** The newest complete checkpoint under {@code root}, if any (partial folders are swept). */
    public static Optional<Path> latest(Path root) throws IOException {
        return latest(root, (dir, why) -> { });
    }

    /**
     * The newest complete checkpoint whose files match its manifest; each newer one that does not is reported to
     * {@code skipped} (folder, what is wrong) and passed over, so a damaged checkpoint costs only the steps since
     * the previous one.
     */
    public static Optional<Path> latest(Path root, java.util.function.BiConsumer<Path, String> skipped)
            throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Path> complete;
        try (Stream<Path> s = Files.list(root)) {
            Path[] all = s.toArray(Path[]::new);
            for (Path p : all) {
                if (p.getFileName().toString().startsWith(".partial-")) {
                    AtomicFiles.deleteTree(p);
                }
            }
            complete = Stream.of(all)
                    .filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .sorted(Comparator.comparingInt(Checkpoints::runStep).reversed()).toList();
        }
        for (Path p : complete) {
            String problem = CheckpointManifest.problem(p);
            if (problem == null) {
                return Optional.of(p);
            }
            skipped.accept(p, problem);
        }
        return Optional.empty();
    }

    /** The run state saved with a checkpoint (empty for checkpoints without one). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> runState(Path checkpoint) throws IOException {
        Path f = checkpoint.resolve(RUN_STATE_FILE);
        return Files.isRegularFile(f) ? JSON.readValue(f.toFile(), LinkedHashMap.class) : Map.of();
    }

    /**
     * A checkpoint's step in the whole run: the {@code global_step} its run state records (its folder is named after
     * it), or, for checkpoints written before folders were named so, its folder's step (the trainer's own, which
     * restarted with every stage) plus the stage's {@code step_offset}. Newest and oldest mean by this step.
     */
    public static int runStep(Path checkpoint) {
        try {
            Map<String, Object> state = runState(checkpoint);
            if (state.get("global_step") instanceof Number g) {
                return g.intValue();
            }
            Object offset = state.get("step_offset");
            return stepOf(checkpoint) + (offset instanceof Number n ? n.intValue() : 0);
        } catch (IOException | RuntimeException unreadable) {
            return stepOf(checkpoint); // a damaged run state is reported when the checkpoint is checked
        }
    }

    public static int stepOf(Path checkpoint) {
        Matcher m = STEP_DIR.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Restores moments and data position into a trainer built on the checkpoint's model. */
    public static void restore(Trainer<?> trainer, Path checkpoint) throws IOException {
        TrainerState state = JSON.readValue(checkpoint.resolve(STATE_FILE).toFile(), TrainerState.class);
        var file = SafetensorsReader.read(checkpoint.resolve(OPTIMIZER_FILE));
        Map<String, float[]> arrays = new LinkedHashMap<>();
        file.tensors().forEach((k, t) -> arrays.put(k, t.data()));
        long steps = Long.parseLong(file.metadata().getOrDefault("steps", Integer.toString(state.step())));
        Map<String, ai.djl.ndarray.NDArray> extra = trainer.objective().extraParameters();
        if (!extra.isEmpty()) {
            var saved = SafetensorsReader.read(checkpoint.resolve(OBJECTIVE_FILE)).tensors();
            for (var e : extra.entrySet()) {
                Tensor t = saved.get(e.getKey());
                if (t == null) {
                    throw new IOException(checkpoint.resolve(OBJECTIVE_FILE) + ": missing tensor '" + e.getKey() + "'");
                }
                e.getValue().set(t.data());
                e.getValue().setRequiresGradient(true); // set() swaps the tensor, which drops requires_grad
            }
        }
        trainer.optimizer().restore(arrays, trainer.parameters(), steps);
        trainer.restore(state);
    }

    /** Removes all but the newest {@code keep} checkpoints (newest by {@link #runStep}). */
    public static void prune(Path root, int keep) throws IOException {
        if (keep <= 0 || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.list(root)) {
            Path[] steps = s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(Checkpoints::runStep).reversed()).toArray(Path[]::new);
            for (int i = keep; i < steps.length; i++) {
                AtomicFiles.deleteTree(steps[i]);
            }
        }
    }

}
