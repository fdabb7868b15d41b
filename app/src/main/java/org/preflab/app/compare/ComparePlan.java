package org.preflab.app.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;

/**
 * Every run a comparison needs, one per arm and seed, with its config derived and hashed before anything trains
 * (so a bad override fails at once, naming compare.json), and the finished runs of earlier calls found again.
 *
 * <p>Layout under {@code <sample>/compare/}: {@code configs/<arm>-seed-N.json} (the config each run started from,
 * paths absolute), {@code runs/} (the run folders) and {@code runs/index.jsonl} (one line per finished run: arm,
 * seed, config hash, folder). A run is reused when its arm, seed and config hash match and it finished.
 */
public final class ComparePlan {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One run of the comparison.
     *
     * @param arm the method
     * @param seed its train.seed
     * @param configSha256 SHA-256 of the derived config with its paths as written (relative), so a copied sample
     *     still finds its runs
     * @param config the derived config with paths made absolute and runs_dir set to compare/runs
     */
    public record Job(CompareSpec.Arm arm, int seed, String configSha256, RunConfig config) {
        /** The run's name (its folder's and config file's): see {@link ComparePlan#runName}. */
        public String name() {
            return runName(arm, seed);
        }
    }

    /** A file-name-safe name: the arm's label in lower case, letters and digits, then the seed. */
    static String runName(CompareSpec.Arm arm, int seed) {
        String slug = arm.label().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        slug = slug.substring(0, Math.min(slug.length(), 48)); // a run name is at most 64 characters
        return (slug.isEmpty() ? "arm" : slug) + "-seed-" + seed;
    }

    private final Path out;
    private final List<Job> jobs;

    private ComparePlan(Path out, List<Job> jobs) {
        this.out = out;
        this.jobs = jobs;
    }

    /** The output folder, {@code <sample>/compare}. */
    public Path out() {
        return out;
    }

    public List<Job> jobs() {
        return jobs;
    }

    /** The seeds this call runs: the sample's (or quick's), the first {@code count}, continuing +1 past the last. */
    public static List<Integer> seeds(CompareSpec spec, boolean quick, Integer count) {
        List<Integer> declared = quick && spec.quick().seeds() != null ? spec.quick().seeds() : spec.seeds();
        if (count == null) {
            return declared;
        }
        List<Integer> seeds = new ArrayList<>(declared.subList(0, Math.min(count, declared.size())));
        int next = declared.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        while (seeds.size() < count) {
            seeds.add(next++);
        }
        return List.copyOf(seeds);
    }

    /** Derives every arm's config for every seed; an override that does not fit names compare.json and the arm. */
    public static ComparePlan of(CompareSpec spec, List<Integer> seeds, boolean quick) throws IOException {
        Path sample = spec.sample();
        Path out = sample.resolve("compare");
        List<Job> jobs = new ArrayList<>();
        for (CompareSpec.Arm arm : spec.arms()) {
            Path file = sample.resolve(arm.config());
            RunConfig base = RunConfig.load(file);
            for (int seed : seeds) {
                List<String> set = new ArrayList<>(arm.set());
                if (quick) {
                    set.addAll(spec.quick().set());
                    set.addAll(arm.quickSet());
                }
                set.add("train.seed=" + seed);
                RunConfig derived;
                try {
                    derived = base.with(set);
                } catch (IOException e) {
                    throw new IOException(spec.file() + ": arm '" + arm.label() + "' (" + arm.config() + ")"
                            + (quick ? " with quick" : "") + ": " + e.getMessage(), e);
                }
                // hashed as written (paths relative), so a copied sample still finds its runs
                String hash = sha256(derived);
                RunConfig resolved = RunExecutor.resolvePaths(derived, file.getParent())
                        .with(List.of("name=" + runName(arm, seed), "runs_dir=" + out.resolve("runs")));
                jobs.add(new Job(arm, seed, hash, resolved));
            }
        }
        return new ComparePlan(out, List.copyOf(jobs));
    }

    /** The config file a job's run starts from (written here, so the run's config.json is exactly this one). */
    public Path writeConfig(Job job) throws IOException {
        Path f = out.resolve("configs").resolve(job.name() + ".json");
        Files.createDirectories(f.getParent());
        job.config().save(f);
        return f;
    }

    /** The newest finished run of an earlier call for this arm, seed and config hash, if its folder is still there. */
    public Optional<Path> finishedRun(Job job) throws IOException {
        Path index = out.resolve("runs").resolve("index.jsonl");
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            ObjectNode e;
            try {
                e = (ObjectNode) JSON.readTree(lines.get(i));
            } catch (IOException | ClassCastException torn) {
                continue; // a call killed mid-write leaves half a line: that run is simply trained again
            }
            boolean same = e.path("arm").asText().equals(job.arm().label()) && e.path("seed").asInt() == job.seed()
                    && e.path("config_sha256").asText().equals(job.configSha256());
            Path run = out.resolve("runs").resolve(e.path("run").asText());
            if (same && RunLog.isRunFolder(run) && RunLog.open(run).stateOnDisk() == RunState.FINISHED) {
                return Optional.of(run);
            }
        }
        return Optional.empty();
    }

    /** Records a finished run in the index, so the next call reuses it. */
    /**
     * The newest run folder of this job that a killed or stopped call left unfinished (same config exactly, no
     * process holding it), to be resumed rather than trained again from the start.
     */
    public Optional<Path> unfinishedRun(Job job) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        List<Path> candidates;
        try (var s = Files.list(runs)) {
            candidates = s.filter(d -> d.getFileName().toString().startsWith(job.name() + "-")
                    && RunLog.isRunFolder(d)).sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path d : candidates) {
            RunLog log = RunLog.open(d);
            if (log.stateOnDisk() == RunState.STOPPED && log.config().toTree().equals(job.config().toTree())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public void recordFinished(Job job, Path runDir) throws IOException {
        ObjectNode e = JSON.createObjectNode().put("arm", job.arm().label()).put("seed", job.seed())
                .put("config_sha256", job.configSha256()).put("run", runDir.getFileName().toString());
        Path index = out.resolve("runs").resolve("index.jsonl");
        Files.createDirectories(index.getParent());
        Files.writeString(index, e + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String sha256(RunConfig c) {
        try {
            byte[] text = c.toTree().toString().getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
