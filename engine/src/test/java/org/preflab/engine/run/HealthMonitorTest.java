package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.train.StepMetrics;

class HealthMonitorTest {
    private static StepMetrics step(int s, double loss, double acc, double chosen, double margin, double grad, double ent) {
        return new StepMetrics(s, Map.of("loss", loss, "rewards/accuracies", acc, "logps/chosen", chosen,
                "rewards/margins", margin, "grad_norm", grad, "entropy", ent));
    }

    private static List<String> codes(HealthMonitor h, List<StepMetrics> steps) {
        List<String> out = new ArrayList<>();
        steps.forEach(m -> h.observe(m).forEach(f -> out.add(f.code())));
        return out;
    }

    @Test
    void healthyRunRaisesNothing() {
        List<StepMetrics> steps = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            steps.add(step(i, 0.69 - i * 0.005, 0.5 + (i % 3) * 0.1, -40 + i * 0.1, i * 0.01, 1 + (i % 2) * 0.1, 3.0));
        }
        assertEquals(List.of(), codes(new HealthMonitor(100), steps));
    }

    @Test
    void eachProblemIsReportedOnceWithAFix() {
        HealthMonitor h = new HealthMonitor(100);
        List<StepMetrics> steps = new ArrayList<>();
        for (int i = 1; i <= 30; i++) { // chosen falls while margins rise; accuracy stuck at 1; entropy collapses
            steps.add(step(i, 0.5, 1.0, -40 - i, i * 0.1, i == 15 ? 50 : 1, i > 20 ? 0.1 : 3.0));
        }
        List<String> codes = codes(h, steps);
        assertTrue(codes.containsAll(List.of("chosen_logps_falling", "grad_spike", "entropy_collapse", "accuracy_stuck")),
                codes.toString());
        assertEquals(codes.size(), new java.util.HashSet<>(codes).size(), "each once");
        HealthMonitor early = new HealthMonitor(100);
        var f = early.observe(step(2, 0.01, 1.0, -40, 5, 1, 3));
        assertEquals("loss_near_zero_early", f.get(0).code());
        assertTrue(f.get(0).message().contains("Suggested fix"));
    }
}
