package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeReportTest {
    static RuntimeReport sample(boolean loaded, Boolean effective, List<String> warnings) {
        return new RuntimeReport("AuthenticAMD", "AMD EPYC", true, 2, true, loaded, effective, "loaded from /x.so",
                7, 512, 231.4, 2, 1, "waiting threads sleep (PREFLAB_CPU=shared)", "0.35.1", "2.7.1", "17.0.15",
                new DeviceStatus("auto", "cpu", -1, "/cache/pytorch/2.7.1-cpu", null, "no CUDA libtorch configured",
                        null), "Fused ops: silu, gelu, attention (loaded from /y.so)", warnings);
    }

    @Test
    void writesAsJsonForProvenance() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RuntimeReport report = sample(true, true, List.of());
        JsonNode node = json.readTree(json.writeValueAsString(report));
        assertEquals("2.7.1", node.get("libtorchVersion").asText());
        assertTrue(node.get("overrideEffective").asBoolean());
        assertEquals(231.4, node.get("matmulGflops").asDouble());
        assertEquals(report, json.readValue(json.writeValueAsString(report), RuntimeReport.class));
        // Provenance written before the wait was recorded still reads.
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("threadWait");
        assertEquals(null, json.treeToValue(node, RuntimeReport.class).threadWait());
    }

    @Test
    void linesForDoctorOutput() {
        List<String> lines = sample(true, true, List.of("something odd")).lines();
        assertEquals("Engine: PyTorch 2.7.1 via DJL 0.35.1, Java 17.0.15", lines.get(0));
        assertEquals("Device: cpu (asked: auto; no CUDA libtorch configured)", lines.get(1));
        assertTrue(lines.contains("MKL vendor override: active (loaded from /x.so), MKL code path 7"),
                lines.toString());
        assertTrue(lines.contains("Threads: intra-op 2, inter-op 1; waiting threads sleep (PREFLAB_CPU=shared)"),
                lines.toString());
        assertTrue(lines.contains("fp32 matmul 512^3 on 1 thread: 231 GFLOP/s"), lines.toString());
        assertEquals("WARNING: something odd", lines.get(lines.size() - 1));
    }

    @Test
    void overrideStatesReadPlainly() {
        assertTrue(sample(true, null, List.of()).lines().get(4).contains("loaded, effect unknown"));
        assertTrue(sample(true, false, List.of()).lines().get(4).contains("loaded but not effective"));
        assertTrue(sample(false, false, List.of()).lines().get(4).contains("not loaded"));
    }

    @Test
    void warningsAreCopied() {
        List<String> warnings = new java.util.ArrayList<>(List.of("a"));
        RuntimeReport r = sample(true, true, warnings);
        warnings.add("b");
        assertEquals(List.of("a"), r.warnings());
    }
}
