package org.preflab.app.gui.project;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.preflab.app.gui.start.SampleProjects;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunService;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;

/** The bundled sample project copied for a test, and short real runs of it. */
public final class TestProjects {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestProjects() {}

    /** sample-projects/ of this checkout (found the way the start page finds it). */
    public static Path samples() {
        return SampleProjects.folder().orElseThrow(() -> new AssertionError("no sample-projects folder found"));
    }

    /** A copy of sample-projects/tinystories-dpo in {@code dest} (links followed, so the model is a real folder). */
    public static Path copySample(Path dest) throws IOException {
        return copySample(dest, "tinystories-dpo");
    }

    /** A copy of sample-projects/{@code name} in {@code dest}, without its runs (nor its comparison's runs). */
    public static Path copySample(Path dest, String name) throws IOException {
        Path src = samples().resolve(name);
        Path to = dest.resolve(name);
        try (Stream<Path> s = Files.walk(src, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = src.relativize(p);
                boolean inRuns = false; // runs/ and compare/runs/: what a checkout has not (they are not in git)
                for (Path part : rel) {
                    inRuns |= part.toString().equals("runs");
                }
                if (inRuns) {
                    continue;
                }
                Path t = to.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** Sets train.max_steps (and checkpoints and evals every 2 steps) so a run takes seconds. */
    public static void shorten(Path project, int steps) throws IOException {
        Path f = project.resolve("experiment.json");
        ObjectNode c = (ObjectNode) JSON.readTree(f.toFile());
        ((ObjectNode) c.get("train")).put("max_steps", steps).put("checkpoint_every", 2);
        c.put("eval_every", 2);
        JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), c);
    }

    /** Trains {@code project} to its end on {@code engine}; returns the finished run's folder. */
    public static Path run(EngineThread engine, Path project) throws Exception {
        RunHandle h = RunService.standard(engine).start(project);
        RunOutcome o = h.outcome().get(10, TimeUnit.MINUTES);
        if (o.state() != RunState.FINISHED) {
            throw new AssertionError("the run ended " + o.state() + ": " + o);
        }
        return o.runDir();
    }
}
