package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.engine.run.RunConfig;

/** Every bundled sample says what it shows and loads; stories-dpo's short mode trains and is judged by its oracle. */
class SampleProjectsTest {
    @TempDir Path tmp;

    @Test
    void everySampleHasAReadmeAndConfigsThatLoad() throws Exception {
        List<Path> samples;
        try (Stream<Path> s = Files.list(TestProjects.samples())) {
            samples = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(samples.size() >= 7, samples.toString());
        for (Path sample : samples) {
            assertTrue(Files.size(sample.resolve("README.md")) > 500, sample + " needs a README that says what it shows");
            try (Stream<Path> s = Files.list(sample)) {
                for (Path config : s.filter(f -> f.toString().endsWith(".json") && !f.endsWith("compare.json")).toList()) {
                    RunConfig c = RunConfig.load(config); // throws with the file, line and field when broken
                    assertTrue(Files.isRegularFile(sample.resolve(c.model()).resolve("config.json")), config.toString());
                }
            }
        }
    }

    @Test
    void storiesDpoShortModeClimbsFromChanceAndMeasuresTheWinRate() throws Exception {
        Path sample = TestProjects.copySample(tmp, "stories-dpo");
        Path f = sample.resolve("experiment.json");
        ObjectNode c = (ObjectNode) RunFixtures.JSON.readTree(f.toFile());
        ((ObjectNode) c.get("train")).put("max_steps", 4);
        c.put("eval_every", 4);
        ((ObjectNode) c.get("winrate")).put("max_prompts", 8).put("max_new_tokens", 12);
        RunFixtures.JSON.writeValue(f.toFile(), c);
        Path dir = PreferenceRunTest.run(f);

        List<JsonNode> rows = Files.readAllLines(dir.resolve("metrics.jsonl")).stream().map(RunFixtures::tree).toList();
        JsonNode first = rows.stream().filter(n -> n.has("rewards/accuracies")).findFirst().orElseThrow();
        assertEquals(0.0, first.get("rewards/accuracies").asDouble(), "on-policy pairs: no opinion before training");
        JsonNode rate = rows.stream().filter(n -> n.has("eval_win_rate")).findFirst().orElseThrow();
        assertEquals(4, rate.get("step").asInt());
        assertTrue(rate.get("eval_win_rate/low").asDouble() <= rate.get("eval_win_rate").asDouble()
                && rate.get("eval_win_rate").asDouble() <= rate.get("eval_win_rate/high").asDouble(), rate.toString());
        assertEquals(8, Files.readAllLines(dir.resolve("winrate/step-000004.jsonl")).size());
    }
}
