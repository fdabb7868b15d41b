package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.golden.GoldenCheck;
import org.preflab.engine.golden.GoldenReport;
import org.preflab.engine.train.SftObjective;
import org.preflab.engine.train.Trainer;
import org.preflab.engine.train.TrainerTest;

/**
 * GPT-NeoX (Pythia-style) checkpoints: test resources/fixtures/tiny-neox holds a parallel-residual and a sequential
 * model with partial rotary, and golden logits from a float64 PyTorch forward (make_fixture.py beside them).
 */
class NeoxTest {
    @TempDir Path tmp;

    private static Path dir(String variant) {
        return Path.of("src/test/resources/fixtures/tiny-neox", variant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel", "sequential"})
    void matchesTheReferenceSavesBitIdenticallyAndTrains(String variant) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(dir(variant), root)) {
            assertEquals(ModelFamily.NEOX, lm.config().family());
            assertEquals(4, lm.config().rotaryDims(), "rotary_pct 0.5 of head_dim 8");
            GoldenReport r = GoldenCheck.run(lm, root, dir(variant).resolve("golden.json"));
            assertTrue(r.passed() && r.maxLogitDiff() < 1e-5 && Boolean.TRUE.equals(r.greedyMatch()), r.describe());

            ModelIO.save(lm, tmp.resolve("saved"), dir(variant));
            assertArrayEquals(Files.readAllBytes(dir(variant).resolve("model.safetensors")),
                    Files.readAllBytes(tmp.resolve("saved/model.safetensors")));

            try (Trainer<ScoredSequence> t = new Trainer<>(lm, TrainerTest.config(1, 8), new SftObjective(0),
                    TrainerTest.copyTask(8, 96, 5), root)) {
                double first = t.step().get("loss");
                double last = first;
                while (!t.finished()) {
                    last = t.step().get("loss");
                }
                assertTrue(last < first, first + " -> " + last);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel"})
    void theResidualLayoutMatters(String variant) throws Exception {
        Path copy = tmp.resolve("flipped");
        Files.createDirectories(copy);
        Files.copy(dir(variant).resolve("model.safetensors"), copy.resolve("model.safetensors"));
        Files.writeString(copy.resolve("config.json"), Files.readString(dir(variant).resolve("config.json"))
                .replace("\"use_parallel_residual\": true", "\"use_parallel_residual\": false"));
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(copy, root)) {
            assertTrue(GoldenCheck.run(lm, root, dir(variant).resolve("golden.json")).maxLogitDiff() > 1e-2);
        }
    }
}
