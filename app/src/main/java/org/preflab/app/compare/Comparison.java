package org.preflab.app.compare;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reproduces a sample's comparison: every arm with every seed (finished runs of an earlier call with the same
 * config are reused, so a second call only redraws), then the tables and one chart per metric under
 * {@code <sample>/compare/}.
 */
public final class Comparison {
    /** Trains one run to its end from a config file and returns its folder (the CLI's headless run). */
    public interface Trainer {
        Path train(Path configFile) throws Exception;

        /** Continues a run folder an interrupted call left (from its newest checkpoint, or from the start). */
        Path resume(Path runDir) throws Exception;
    }

    /** What a call wrote: the output folder, results.md, and how many runs trained now and how many were reused. */
    public record Written(Path folder, Path markdown, int trained, int reused) {}

    private Comparison() {}

    public static Written run(CompareSpec spec, List<Integer> seeds, boolean quick, String command, Trainer trainer,
            PrintStream log) throws Exception {
        ComparePlan plan = ComparePlan.of(spec, seeds, quick);
        Map<ComparePlan.Job, Path> runDirs = new LinkedHashMap<>();
        int reused = 0;
        int index = 0;
        for (ComparePlan.Job job : plan.jobs()) {
            index++;
            String which = "[" + index + "/" + plan.jobs().size() + "] " + job.arm().label() + ", seed " + job.seed();
            Optional<Path> done = plan.finishedRun(job);
            if (done.isPresent()) {
                log.println(which + ": reusing " + plan.out().relativize(done.get()));
                runDirs.put(job, done.get());
                reused++;
                continue;
            }
            Optional<Path> stopped = plan.unfinishedRun(job);
            Path runDir;
            if (stopped.isPresent()) {
                log.println(which + ": resuming " + plan.out().relativize(stopped.get()));
                runDir = trainer.resume(stopped.get());
            } else {
                log.println(which + ": training");
                runDir = trainer.train(plan.writeConfig(job));
            }
            plan.recordFinished(job, runDir);
            runDirs.put(job, runDir);
        }
        CompareResults results = CompareResults.read(spec, runDirs);
        Path out = plan.out();
        Files.createDirectories(out);
        List<String> notes = new ArrayList<>();
        for (String metric : spec.metrics()) {
            if (results.xs(metric).isEmpty()) {
                notes.add("`" + metric + "` has no values against " + spec.x().words + ": no chart.");
                log.println("warning: no run wrote " + metric + " against " + spec.x().words);
                continue;
            }
            CompareChart.write(results, metric, out.resolve(ResultsFiles.chartFile(metric)));
        }
        Path md = out.resolve("results.md");
        ResultsFiles.markdown(results, md, command, notes);
        ResultsFiles.csv(results, out.resolve("results.csv"));
        ResultsFiles.seedsCsv(results, out.resolve("seeds.csv"));
        return new Written(out, md, plan.jobs().size() - reused, reused);
    }
}
