package org.preflab.app.gui.start;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.preflab.app.gui.project.Project;
import org.preflab.engine.run.RunConfig;

/**
 * Writes a new DPO project: a folder with experiment.json that references the model folder and the preference file
 * where they are (a model can be gigabytes; nothing is copied), and a .gitignore for its runs. The defaults are
 * TRL's DPOConfig where it has them, with a small batch for a laptop.
 */
final class NewProjectFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NewProjectFiles() {}

    /**
     * The experiment for {@code pairs} good pairs of {@code data} on {@code model}, whose context is
     * {@code maxPositions} tokens; paths inside {@code projectDir} are written relative to it.
     */
    static ObjectNode experiment(String name, Path projectDir, Path model, Path data, int pairs, int maxPositions) {
        ObjectNode c = JSON.createObjectNode();
        c.put("name", name);
        c.put("method", "dpo");
        c.put("model", reference(projectDir, model));
        ObjectNode d = c.putObject("data");
        d.put("train", reference(projectDir, data));
        if (pairs >= 20) {
            d.put("eval_fraction", 0.1); // a seeded held-out tenth, so the dashboard has eval curves
        }
        d.put("max_length", Math.min(512, maxPositions));
        ObjectNode dpo = c.putObject("dpo");
        dpo.putArray("loss_type").add("sigmoid");
        dpo.put("beta", 0.1);
        dpo.put("reference", "precomputed");
        ObjectNode t = c.putObject("train");
        t.put("learning_rate", 1e-6); // TRL's DPOConfig default
        t.put("schedule", "COSINE");
        t.put("warmup_steps", 10);
        t.put("weight_decay", 0.0);
        t.put("max_grad_norm", 1.0);
        t.put("micro_batch_size", 4);
        t.put("gradient_accumulation_steps", 2);
        t.put("epochs", 1);
        t.put("max_steps", 0);
        t.put("seed", 42);
        t.put("checkpoint_every", 50);
        c.put("eval_every", 25);
        c.put("runs_dir", "runs");
        return c;
    }

    /**
     * Makes {@code projectDir} with experiment.json and .gitignore, then reads experiment.json back with the engine
     * (the same check a run makes), so a written project always loads.
     */
    static RunConfig write(Path projectDir, ObjectNode experiment) throws IOException {
        if (Files.exists(projectDir.resolve(Project.EXPERIMENT))) {
            throw new IOException(projectDir + " already holds a project (experiment.json)");
        }
        Files.createDirectories(projectDir);
        Path f = projectDir.resolve(Project.EXPERIMENT);
        Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(experiment) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(projectDir.resolve(".gitignore"), "runs/\n", StandardCharsets.UTF_8);
        return RunConfig.load(f);
    }

    /** Relative inside the project (so it can be moved), absolute outside. */
    private static String reference(Path projectDir, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path dir = projectDir.toAbsolutePath().normalize();
        return abs.startsWith(dir) ? dir.relativize(abs).toString() : abs.toString();
    }
}
