package org.preflab.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A fork is a new run folder with a changed config whose first checkpoint is a copy of the parent's current one:
 * {@code preflab resume <fork>} trains on from there with the new settings, and the parent is left as it was.
 */
public final class Forks {
    private Forks() {}

    /**
     * Forks a run (stopped, finished or running elsewhere) from its newest complete checkpoint with a new config;
     * returns the fork's folder, ready for {@code preflab resume}.
     */
    public static Path fromLatest(Path runDir, RunConfig config) throws IOException {
        RunFolder parent = RunFolder.open(runDir);
        Path ckpt = org.preflab.engine.train.Checkpoints.latest(parent.checkpoints()).orElseThrow(() ->
                new IOException(runDir + ": no checkpoint to fork from yet"));
        return create(parent, ckpt, old -> config);
    }

    static Path create(RunFolder parent, Path checkpoint, UnaryOperator<RunConfig> change) throws IOException {
        RunConfig cfg = change.apply(RunConfig.load(parent.dir().resolve("config.json")));
        RunFolder child = RunFolder.create(parent.dir().getParent(), cfg.name() + "-fork");
        child.writeJson("config.json", cfg);
        java.util.Map<String, Object> prov = new java.util.LinkedHashMap<>();
        prov.put("forked_from", parent.dir().toString());
        prov.put("checkpoint", checkpoint.toString());
        prov.put("config", cfg);
        child.writeJson("provenance.json", prov);
        Path target = child.checkpoints().resolve(checkpoint.getFileName());
        Path partial = Files.createTempDirectory(child.checkpoints(), ".partial-fork-");
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path f : files.toList()) {
                Files.copy(f, partial.resolve(f.getFileName()));
            }
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // what a multi-stage run resumes with besides the checkpoint: each stage's reference (sdpo, spa) and SPA's
        // self-labels, which are never made again
        for (String sub : new String[] {"references", "spa"}) {
            copyTree(parent.dir().resolve(sub), child.dir().resolve(sub));
        }
        // carry the metrics up to the fork point so the child's charts start where the parent was
        Path metrics = parent.dir().resolve("metrics.jsonl");
        if (Files.exists(metrics)) {
            Files.copy(metrics, child.dir().resolve("metrics.jsonl"));
            child.truncateMetricsAfter(RunExecutor.globalStep(target));
        }
        return child.dir();
    }

    /** Copies a folder (hard links where the file system allows: the files are never changed in place). */
    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // a partial reference or temporary file of a write in progress
                }
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    try {
                        Files.createLink(t, f);
                    } catch (IOException | UnsupportedOperationException noLinks) {
                        Files.copy(f, t);
                    }
                }
            }
        }
    }
}
