package org.preflab.app.gui.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.run.RunConfig;

/**
 * A project in one line, for lists (start page, recent projects): its name, method and what it trains, read from
 * its README (the first line of prose) or else made from experiment.json and the model's config.json.
 *
 * @param dir         the project folder
 * @param name        the experiment's name (the folder's when experiment.json is unreadable)
 * @param method      sft, dpo or sdpo; "?" when experiment.json is unreadable
 * @param description one line
 * @param problem     why experiment.json cannot be used, or null
 */
public record ProjectSummary(Path dir, String name, String method, String description, String problem) {

    /** Reads the summary of {@code dir}; never throws. */
    public static ProjectSummary of(Path dir) {
        Project p = Project.open(dir);
        RunConfig c = p.config();
        if (c == null) {
            return new ProjectSummary(p.dir(), p.name(), "?", "experiment.json cannot be used", p.configError());
        }
        String readme = readmeLine(p.dir());
        return new ProjectSummary(p.dir(), c.name(), c.method(), readme != null ? readme : describe(p), null);
    }

    /** e.g. "DPO (sigmoid, beta 0.1) of a llama model of 260K parameters on data/pairs.jsonl". */
    static String describe(Project p) {
        RunConfig c = p.config();
        StringBuilder s = new StringBuilder(c.method().toUpperCase(Locale.ROOT));
        if (c.dpo() != null && !c.method().equals("sft")) {
            s.append(" (").append(String.join(" + ", c.dpo().lossType())).append(", beta ").append(c.dpo().beta())
                    .append(c.spo() != null ? ", with SPO" : "").append(')');
        }
        p.modelDir().ifPresent(m -> {
            try {
                ModelConfig mc = ModelConfig.load(m);
                s.append(" of a ").append(modelType(mc)).append(" model of ").append(count(mc.parameterCount()))
                        .append(" parameters");
            } catch (IOException | RuntimeException unreadable) {
                s.append(" of ").append(p.dir().relativize(m));
            }
        });
        if (c.data().train() != null) {
            Path train = p.dir().resolve(c.data().train()).normalize();
            s.append(" on ").append(train.startsWith(p.dir()) ? p.dir().relativize(train) : train.getFileName());
        }
        return s.toString();
    }

    /** config.json's model_type, else the family. */
    public static String modelType(ModelConfig mc) {
        Object t = mc.raw().get("model_type");
        return t != null ? t.toString() : mc.family().name().toLowerCase(Locale.ROOT);
    }

    /** 260K, 124M, 1.5B. */
    public static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.0fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.0fK", n / 1e3);
        }
        return Long.toString(n);
    }

    /** The first line of prose in README.md (headings and blank lines skipped), or null. */
    private static String readmeLine(Path dir) {
        Path f = dir.resolve("README.md");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String t = l.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        return null;
    }
}
