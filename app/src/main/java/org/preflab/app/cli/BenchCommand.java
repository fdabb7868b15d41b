package org.preflab.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.preflab.engine.bench.BenchShape;
import org.preflab.engine.bench.Benchmark;
import org.preflab.engine.bench.StepMemoryProfile;
import org.preflab.engine.bench.StepOpProfile;
import org.preflab.engine.runtime.DjlRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflab bench <workloads.json>}: the benchmark workloads, one JSON line per (shape, workload). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark workloads (dpo_step, generate) of a workloads.json and prints one JSON"
                + " line per workload: {\"workload\": ..., \"tokens_per_s\": ..., \"shape\": ..., \"peak_rss_mb\": ...}.",
            "Compare with shared/bench/torch_reference.py (bench shape) or shared/bench/trl/compare.sh (gpt2-small,"
                + " llama-135m) on the same machine, in one run, as a ratio."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<workloads.json>", description = "the workloads file, e.g. ../shared/bench/workloads.json")
    Path workloads;

    @Option(names = "--shape", defaultValue = "bench", paramLabel = "NAME",
            description = "bench (the file's fixed model), gpt2-small (12 x 768), llama-135m (30 x 576, GQA 9/3)"
                    + " or all; random weights, vocabulary 4096, as shared/bench/trl makes them (default: bench)")
    String shape;

    @Option(names = "--model", paramLabel = "DIR",
            description = "run the workloads on this Hugging Face model folder's weights (sequence lengths and batch of"
                    + " --shape), e.g. to hold the figure against `preflab run` on the same folder")
    Path modelDir;

    @Option(names = "--workload", defaultValue = "all", paramLabel = "NAME",
            description = "dpo_step, generate or all (default); run one per process to read each one's peak RSS")
    String workload;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
            description = "timed dpo_step steps (default: the file's for bench, 6 for the big shapes)")
    int steps;

    @Option(names = "--repeats", defaultValue = "0", paramLabel = "N",
            description = "timed sampling repeats (default: the file's for bench, 2 for the big shapes)")
    int repeats;

    @Option(names = "--memory-steps", defaultValue = "0", paramLabel = "N",
            description = "also run N dpo_step steps and print RSS and managed arrays every N/10 steps")
    int memorySteps;

    @Option(names = "--profile-step", defaultValue = "0", paramLabel = "N",
            description = "instead of timing, run N dpo_step steps at --shape and print RSS, peak RSS and managed"
                    + " array MB at each point of each step (forward, backward, clip, optimizer, end)")
    int profileSteps;

    @Option(names = "--op-profile", paramLabel = "TRACE.json",
            description = "instead of timing, profile one dpo_step step (or, with --workload generate, one sampling"
                    + " call) at --shape after warm-up: write libtorch's Chrome trace to this file and print the ops"
                    + " with the most self time")
    Path opProfile;

    @Option(names = "--top", defaultValue = "30", paramLabel = "N", description = "ops printed by --op-profile")
    int top;

    @Override
    public Integer call() throws Exception {
        List<String> shapes = shape.equals("all") ? BenchShape.NAMES : List.of(shape);
        List<String> names = workload.equals("all") ? Benchmark.WORKLOADS : List.of(workload);
        JsonNode w = Benchmark.read(workloads);
        for (String s : shapes) {
            shape(s, w); // an unknown name fails before any work
        }
        for (String n : names) {
            if (!Benchmark.WORKLOADS.contains(n)) {
                throw new IllegalArgumentException("unknown workload '" + n + "': dpo_step, generate or all");
            }
        }
        DjlRuntime.engine();
        ObjectMapper json = new ObjectMapper();
        try (NDManager root = DjlRuntime.newManager()) {
            if (opProfile != null) {
                for (String s : shapes) {
                    StepOpProfile.run(workloads, shape(s, w),
                            workload.equals("all") ? "dpo_step" : workload, opProfile, top, root, r -> print(json, r));
                }
                return 0;
            }
            if (profileSteps > 0) {
                for (String s : shapes) {
                    StepMemoryProfile.run(workloads, shape(s, w), profileSteps, root,
                            r -> print(json, r));
                }
                return 0;
            }
            if (memorySteps > 0) {
                Benchmark.memorySoak(workloads, root, memorySteps, r -> print(json, r));
            }
            for (String s : shapes) {
                BenchShape sh = shape(s, w).withRuns(steps, repeats);
                for (Map<String, Object> r : Benchmark.run(workloads, sh, names, root)) {
                    print(json, r);
                }
            }
        }
        return 0;
    }

    private BenchShape shape(String name, JsonNode w) throws java.io.IOException {
        BenchShape s = BenchShape.of(name, workloads, w);
        return modelDir == null ? s : s.withModel(modelDir);
    }

    private static void print(ObjectMapper json, Map<String, Object> row) {
        try {
            System.out.println(json.writeValueAsString(row));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
