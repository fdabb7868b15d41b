package org.preflab.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.preflab.engine.bench.Benchmark;
import org.preflab.engine.runtime.DjlRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflab bench <workloads.json>}: the fixed benchmark shapes, one JSON line per workload. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark workloads (dpo_step, generate) of a workloads.json and prints one JSON"
                + " line per workload: {\"workload\": ..., \"tokens_per_s\": ...}.",
            "Compare with shared/bench/torch_reference.py on the same machine, in one run, as a ratio."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<workloads.json>", description = "the workloads file, e.g. ../shared/bench/workloads.json")
    Path workloads;

    @picocli.CommandLine.Option(names = "--memory-steps", defaultValue = "0", paramLabel = "N",
            description = "also run N dpo_step steps and print RSS and managed arrays every N/10 steps")
    int memorySteps;

    @Override
    public Integer call() throws Exception {
        DjlRuntime.engine();
        ObjectMapper json = new ObjectMapper();
        try (NDManager root = DjlRuntime.newManager()) {
            if (memorySteps > 0) {
                Benchmark.memorySoak(workloads, root, memorySteps, r -> {
                    try {
                        System.out.println(json.writeValueAsString(r));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            List<Map<String, Object>> results = Benchmark.run(workloads, root);
            for (Map<String, Object> r : results) {
                System.out.println(json.writeValueAsString(r));
            }
        }
        return 0;
    }
}
