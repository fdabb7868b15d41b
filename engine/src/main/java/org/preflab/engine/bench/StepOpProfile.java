package org.preflab.engine.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.preflab.engine.model.TransformerLM;

/**
 * Where the time of a DPO step goes, op by op: libtorch's profiler around one step after warm-up steps, its Chrome
 * trace written to a file (open it in chrome://tracing or Perfetto), and the ops ranked by self time (time in the op
 * less the ops it called), the same table torch.profiler's key_averages gives for the peer.
 */
public final class StepOpProfile {
    private StepOpProfile() {}

    /**
     * Profiles one DPO step (workload {@code dpo_step}) or one sampling call ({@code generate}) at {@code shape}, after
     * warm-up, into {@code trace}; hands {@code sink} the {@code top} ops by self time.
     */
    public static void run(Path workloads, BenchShape shape, String workload, Path trace, int top, NDManager root,
            Consumer<Map<String, Object>> sink) throws IOException {
        JsonNode w = Benchmark.read(workloads);
        JsonNode spec = Benchmark.field(workloads, w, workload);
        try (TransformerLM lm = shape.build(root)) {
            int warm = Math.max(1, workload.equals("generate") ? 1 : shape.warmSteps());
            int[] done = {0};
            long[] t0 = {0};
            // The profiler starts after the warm-up runs, inside the same call: the same optimizer and moments.
            Runnable afterEach = () -> {
                if (++done[0] == warm) {
                    JniUtils.startProfile(false, true, false);
                    t0[0] = System.nanoTime();
                }
            };
            try {
                switch (workload) {
                    case "dpo_step" -> Benchmark.dpoSteps(lm, root, spec, shape.pairs(), warm, 1, afterEach, null);
                    case "generate" -> Benchmark.generate(lm, root, spec, warm, 1, afterEach);
                    default -> throw new IllegalArgumentException("--op-profile takes --workload dpo_step or"
                            + " generate, not '" + workload + "'");
                }
            } finally {
                if (done[0] >= warm) {
                    JniUtils.stopProfile(trace.toAbsolutePath().toString());
                }
            }
            double stepMs = (System.nanoTime() - t0[0]) / 1e6;
            for (Map<String, Object> r : selfTimes(trace, top, stepMs)) {
                r.put("shape", shape.name());
                r.put("profiled", workload);
                sink.accept(r);
            }
        }
    }

    /** The trace's complete events nested per thread; each op's self time summed by name, largest first. */
    static List<Map<String, Object>> selfTimes(Path trace, int top, double stepMs) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(trace));
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<String, List<double[]>> byThread = new HashMap<>(); // [ts, dur, index]
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            names.add(e.path("name").asText());
            byThread.computeIfAbsent(e.path("tid").asText(), k -> new ArrayList<>())
                    .add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1});
        }
        Map<String, double[]> agg = new HashMap<>(); // name -> [self us, total us, count]
        for (List<double[]> evs : byThread.values()) {
            evs.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> -a[1]));
            Deque<double[]> stack = new ArrayDeque<>(); // [end, self, index]
            for (double[] ev : evs) {
                while (!stack.isEmpty() && stack.peek()[0] <= ev[0]) {
                    close(stack.pop(), names, agg);
                }
                if (!stack.isEmpty()) {
                    stack.peek()[1] -= ev[1];
                }
                stack.push(new double[] {ev[0] + ev[1], ev[1], ev[2], ev[1]});
            }
            while (!stack.isEmpty()) {
                close(stack.pop(), names, agg);
            }
        }
        double selfSum = agg.values().stream().mapToDouble(a -> a[0]).sum();
        List<Map<String, Object>> rows = new ArrayList<>();
        agg.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(top)
                .forEach(e -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("workload", "step_ops");
                    r.put("op", e.getKey());
                    r.put("self_ms", Math.round(e.getValue()[0] / 100) / 10.0);
                    r.put("total_ms", Math.round(e.getValue()[1] / 100) / 10.0);
                    r.put("calls", (long) e.getValue()[2]);
                    rows.add(r);
                });
        Map<String, Object> sum = new LinkedHashMap<>();
        sum.put("workload", "step_ops");
        sum.put("op", "(all ops, self)");
        sum.put("self_ms", Math.round(selfSum / 100) / 10.0);
        sum.put("step_ms", Math.round(stepMs * 10) / 10.0);
        rows.add(0, sum);
        return rows;
    }

    private static void close(double[] frame, List<String> names, Map<String, double[]> agg) {
        double[] a = agg.computeIfAbsent(names.get((int) frame[2]), k -> new double[3]);
        a[0] += Math.max(0, frame[1]);
        a[1] += frame[3];
        a[2]++;
    }
}
