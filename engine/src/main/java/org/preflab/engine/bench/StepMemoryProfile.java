package org.preflab.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.MemoryProbe;

/**
 * Where the memory of a DPO step goes: RSS, peak RSS and the bytes of the arrays Java still holds (parameters,
 * optimizer moments, the step's temporaries) at each point of a few steps of the benchmark's dpo_step. Gradients and
 * the activations autograd saves for backward are libtorch's own, not managed arrays: they show in RSS only. Each
 * row also has the milliseconds the phase took ("end" is the freeing of the step's arrays; "forward" of step 1
 * includes the time before the step).
 */
public final class StepMemoryProfile {
    private StepMemoryProfile() {}

    /** Runs {@code steps} DPO steps at {@code shape} and hands {@code sink} one row per point of each step. */
    public static void run(Path workloads, BenchShape shape, int steps, NDManager root,
            Consumer<Map<String, Object>> sink) throws IOException {
        JsonNode w = Benchmark.read(workloads);
        sink.accept(row(shape, 0, "start", root));
        try (TransformerLM lm = shape.build(root)) {
            sink.accept(row(shape, 0, "model", root));
            int[] step = {1};
            long[] last = {System.nanoTime()};
            Benchmark.dpoSteps(lm, root, Benchmark.field(workloads, w, "dpo_step"), shape.pairs(), 0, steps,
                    () -> step[0]++, phase -> {
                        long now = System.nanoTime();
                        Map<String, Object> r = row(shape, step[0], phase, root);
                        r.put("phase_ms", Math.round((now - last[0]) / 1e5) / 10.0); // since the previous point
                        sink.accept(r);
                        last[0] = System.nanoTime(); // the RSS and array reading is not the next phase's time
                    });
        }
    }

    private static Map<String, Object> row(BenchShape shape, int step, String phase, NDManager root) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "step_memory");
        r.put("shape", shape.name());
        r.put("step", step);
        r.put("phase", phase);
        r.put("rss_mb", MemoryProbe.rssMb());
        r.put("peak_rss_mb", MemoryProbe.peakRssMb());
        r.put("managed_mb", Math.round(managedBytes(root) / 1048576.0));
        return r;
    }

    /** Bytes of the distinct arrays under {@code manager} (a view counts its own shape, so this is an upper bound). */
    static long managedBytes(NDManager manager) {
        Set<NDArray> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(manager.getManagedArrays());
        long bytes = 0;
        for (NDArray a : distinct) {
            if (!a.isReleased()) {
                bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
            }
        }
        return bytes;
    }
}
