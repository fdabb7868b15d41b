package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;

/** SPO beside DPO: the degree loss trains, λ = 0 is plain DPO, and the degree head survives a resume. */
class SpoRunTest {
    @TempDir Path tmp;

    private ObjectNode config(String classifier, double lambda, int steps) throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 12, 9);
        ObjectNode cfg = RunFixtures.dpoConfig(data, steps);
        ObjectNode spo = cfg.putObject("spo");
        spo.put("k", 3);
        spo.put("lambda", lambda);
        spo.put("classifier", classifier);
        spo.put("apply_to", "BOTH");
        return cfg;
    }

    @Test
    void hiddenHeadDegreeLossIsLoggedAndLambdaZeroIsPlainDpo() throws Exception {
        Path dir = PreferenceRunTest.run(RunFixtures.write(tmp, config("HIDDEN_HEAD", 0.5, 3)));
        JsonNode first = RunFixtures.JSON.readTree(RunFixtures.trainingRows(dir).get(0));
        assertTrue(first.has("spo/loss") && first.has("spo/accuracy") && first.has("spo/num_variants"), first.toString());
        assertTrue(first.get("spo/num_variants").asDouble() >= 2);
        assertTrue(Files.exists(dir.resolve("checkpoints/step-000003/objective.safetensors")), "the head is saved");

        Path zero = PreferenceRunTest.run(RunFixtures.write(tmp, config("HIDDEN_HEAD", 0.0, 3)));
        ObjectNode plain = config("HIDDEN_HEAD", 0, 3);
        plain.remove("spo");
        Path dpo = PreferenceRunTest.run(RunFixtures.write(tmp, plain));
        List<String> zeroRows = RunFixtures.trainingRows(zero);
        assertEquals(RunFixtures.trainingRows(dpo), zeroRows, "lambda 0 gives exactly the alignment loss");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGPROB_RANK", "HIDDEN_HEAD"})
    void degreeLossRunsResumeExactly(String classifier) throws Exception {
        Path cfg = RunFixtures.write(tmp, config(classifier, 0.3, 4));
        Path straight = PreferenceRunTest.run(cfg);
        assertTrue(RunFixtures.trainingRows(straight).get(0).contains("spo/loss"));
        try (EngineThread engine = new EngineThread()) {
            RunExecutor ex = RunFixtures.executor();
            Path dir = engine.call(() -> ex.start(cfg, new RunListener() {
                @Override
                public void onMetrics(StepMetrics m) {
                    if (m.step() == 2) {
                        ex.control().stop();
                    }
                }
            }).runDir());
            engine.call(() -> RunFixtures.executor().resume(dir, new RunListener() {}));
            assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(dir));
        }
    }

    @Test
    void policySampledResponsesGiveTheDegreeVariants() throws Exception {
        ObjectNode cfg = config("HIDDEN_HEAD", 0.5, 2);
        ((ObjectNode) cfg.get("spo")).put("variant_source", "POLICY_SAMPLE");
        ((ObjectNode) cfg.get("spo")).put("removal_order", "RANDOM");
        Path dir = PreferenceRunTest.run(RunFixtures.write(tmp, cfg));
        JsonNode first = RunFixtures.JSON.readTree(RunFixtures.trainingRows(dir).get(0));
        assertTrue(first.get("spo/num_variants").asDouble() >= 1, first.toString());
        assertTrue(Double.isFinite(first.get("spo/loss").asDouble()));
    }
}
