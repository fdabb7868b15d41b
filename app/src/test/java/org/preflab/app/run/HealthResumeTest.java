package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;

/** A resumed run reports the same health findings, at the same steps, as the run that never stopped. */
class HealthResumeTest {
    @TempDir Path tmp;

    @Test
    void healthFindingsSurviveAStopAndResume() throws Exception {
        ObjectNode c = RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 16, 3), 30);
        ((ObjectNode) c.get("train")).put("checkpoint_every", 4);
        Path cfg = RunFixtures.write(tmp, c);
        List<String> straight = health(PreferenceRunTest.run(cfg));
        assertFalse(straight.isEmpty(), "this run has a finding to lose (accuracy stuck at 1 for 20 steps)");
        Path dir;
        try (EngineThread engine = new EngineThread()) {
            var ex = RunFixtures.executor();
            dir = engine.call(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (m.step() == 12) {
                        ex.control().stop(); // mid-way through the 20 steps the finding needs
                    }
                }
            }).runDir());
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
        }
        assertEquals(straight, health(dir));
    }

    private static List<String> health(Path run) throws Exception {
        return RunLog.open(run).events().stream().filter(RunEvent::isHealth).map(e -> e.type() + "@" + e.step())
                .toList();
    }
}
