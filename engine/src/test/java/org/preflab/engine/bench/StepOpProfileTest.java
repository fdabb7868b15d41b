package org.preflab.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self time: an op's time less the ops it called, summed by name over threads, as torch.profiler's key_averages. */
class StepOpProfileTest {
    @Test
    void selfTimeLeavesOutNestedOpsPerThread(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        // thread 1: matmul [0, 100) calls mm [10, 90); thread 2: mm [0, 50); a counter event is ignored
        Files.writeString(trace, """
                {"traceEvents": [
                  {"ph": "X", "name": "aten::matmul", "tid": 1, "ts": 0, "dur": 100},
                  {"ph": "X", "name": "aten::mm", "tid": 1, "ts": 10, "dur": 80},
                  {"ph": "X", "name": "aten::mm", "tid": 2, "ts": 0, "dur": 50},
                  {"ph": "C", "name": "memory", "tid": 1, "ts": 5}
                ]}""");
        List<Map<String, Object>> rows = StepOpProfile.selfTimes(trace, 10, 1.0);
        assertEquals("(all ops, self)", rows.get(0).get("op"));
        assertEquals(0.2, rows.get(0).get("self_ms")); // 100 + 50 microseconds of self time in all
        assertEquals("aten::mm", rows.get(1).get("op"));
        assertEquals(0.1, rows.get(1).get("self_ms"));
        assertEquals(2L, rows.get(1).get("calls"));
        assertEquals("aten::matmul", rows.get(2).get("op"));
        assertEquals(0.0, rows.get(2).get("self_ms")); // 20 us, rounded to 0.1 ms
        assertEquals(0.1, rows.get(2).get("total_ms"));
    }
}
