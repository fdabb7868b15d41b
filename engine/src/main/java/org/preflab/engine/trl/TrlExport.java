package org.preflab.engine.trl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.trl.TrlRunReader;
import org.preflab.engine.train.MetricNames;

/**
 * {@code preflab export-trl}: an experiment (experiment.json, or a run folder's config.json) as a folder TRL can
 * train from on any machine: dpo_config.yaml, train.jsonl (+ eval.jsonl), train_dpo.py, launch.sh,
 * accelerate_config.yaml, MAPPING.md, and preflab-export.json (what it came from, for PrefLab to show the TRL run
 * beside its own). Every file is written atomically. TRL's output folder is {@code <name>-trl} inside it.
 */
public final class TrlExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was written. */
    public record Result(Path folder, Path outputDir, List<Path> files, int trainPairs, int evalPairs, int dropped,
            List<DpoConfigMapping.Unmapped> unmapped, List<String> notes) {}

    private TrlExport() {}

    /** The config a source names: experiment.json (or a project folder holding one), or a run folder. */
    public static RunConfig load(Path source) throws IOException {
        Path file = Files.isDirectory(source) ? (Files.isRegularFile(source.resolve("experiment.json"))
                ? source.resolve("experiment.json") : source.resolve("config.json")) : source;
        if (!Files.isRegularFile(file)) {
            throw new IOException(source + ": neither an experiment.json nor a run folder (config.json)");
        }
        return RunExecutor.resolvePaths(RunConfig.load(file), file.toAbsolutePath().getParent());
    }

    /** The default export folder: {@code trl/<name>} in the project (beside experiment.json or the runs folder). */
    public static Path defaultFolder(Path source, RunConfig cfg) {
        Path abs = source.toAbsolutePath().normalize();
        Path project;
        if (Files.isRegularFile(abs)) {
            project = abs.getParent();
        } else if (Files.isRegularFile(abs.resolve("experiment.json"))) {
            project = abs;
        } else { // a run folder: <project>/<runs_dir>/<run>
            project = Path.of(cfg.runsDir()).toAbsolutePath().getParent();
        }
        return project.resolve("trl").resolve(cfg.name());
    }

    public static Result write(Path source, RunConfig cfg, Path folder, TrlExportOptions opt) throws IOException {
        TrlData data = TrlData.read(cfg, opt);
        String outputDir = cfg.name() + "-trl";
        DpoConfigMapping.Result mapped = DpoConfigMapping.map(cfg, opt, !data.eval().isEmpty(), outputDir);
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        write(folder, "dpo_config.yaml", DpoConfigMapping.yaml(mapped, source.toAbsolutePath().normalize()
                .toString()), files);
        AtomicFiles.write(folder.resolve("train.jsonl"), TrlData.jsonl(data.train()));
        files.add(folder.resolve("train.jsonl"));
        if (!data.eval().isEmpty()) {
            AtomicFiles.write(folder.resolve("eval.jsonl"), TrlData.jsonl(data.eval()));
            files.add(folder.resolve("eval.jsonl"));
        } else {
            Files.deleteIfExists(folder.resolve("eval.jsonl")); // from an earlier export of another config
        }
        write(folder, "train_dpo.py", resource("train_dpo.py"), files);
        write(folder, "launch.sh", resource("launch.sh"), files);
        makeExecutable(folder.resolve("launch.sh"));
        int accumulation = mapped.lines().stream().filter(l -> "gradient_accumulation_steps".equals(l.key()))
                .map(l -> (Integer) l.value()).findFirst().orElse(cfg.train().gradAccumulation());
        write(folder, "accelerate_config.yaml", AccelerateConfig.yaml(opt, cfg.train(), accumulation), files);
        write(folder, "MAPPING.md", TrlMappingDoc.markdown(), files);
        write(folder, TrlRunReader.EXPORT_INFO, info(source, cfg, opt, data, mapped), files);
        return new Result(folder, folder.resolve(outputDir), files, data.train().size(), data.eval().size(),
                data.dropped(), mapped.unmapped(), mapped.notes());
    }

    private static String info(Path source, RunConfig cfg, TrlExportOptions opt, TrlData data,
            DpoConfigMapping.Result mapped) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("exported", Instant.now().toString());
        o.put("source", source.toAbsolutePath().normalize().toString());
        o.set("experiment", JSON.readTree(cfg.toJson())); // as a run folder's config.json has it, for comparisons
        ObjectNode d = o.putObject("data");
        d.put(MetricNames.DATA_TRAIN_PAIRS, data.train().size());
        d.put(MetricNames.DATA_EVAL_PAIRS, data.eval().size());
        d.put(MetricNames.DATA_TRUNCATED, data.truncated());
        d.put(MetricNames.DATA_DROPPED, data.dropped());
        ObjectNode options = o.putObject("options");
        options.put("gpus", opt.gpus());
        options.put("deepspeed", opt.deepspeed());
        options.put("same_order", opt.sameOrder());
        ArrayNode un = o.putArray("unmapped");
        mapped.unmapped().forEach(u -> un.addObject().put("key", u.key()).put("value", u.value())
                .put("reason", u.reason()));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    private static void write(Path folder, String name, String text, List<Path> files) throws IOException {
        AtomicFiles.write(folder.resolve(name), text.getBytes(StandardCharsets.UTF_8));
        files.add(folder.resolve(name));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TrlExport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name + " (a broken PrefLab build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void makeExecutable(Path f) {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException notPosix) {
            // run it with "bash launch.sh" instead
        }
    }
}
