package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preflab pairs}: the model's own completions, the oracle's best chosen and its worst rejected. */
class PairsCommandTest {
    @TempDir Path tmp;

    private static Path model() {
        return Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k").toAbsolutePath().normalize();
    }

    @Test
    void pairsAreOrderedByTheOraclesScoresAndReproducible() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : List.of("Lily", "Tom", "Sue", "Max", "Ben", "Mia", "Jack", "Anna")) {
            lines.add("{\"prompt\": \"Once upon a time, there was a little dog named " + name + ". One day, " + name
                    + " went to the park.\"}");
        }
        Path prompts = Files.write(tmp.resolve("prompts.jsonl"), lines);
        Path out = tmp.resolve("pairs.jsonl");
        String[] args = {"pairs", model().toString(), "--prompts", prompts.toString(), "--out", out.toString(),
            "--rule", "sentiment", "--samples", "3", "--max-new-tokens", "12", "--seed", "4"};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.code(), run.err());
        List<String> written = Files.readAllLines(out);
        assertTrue(run.out().contains(written.size() + " pairs written to " + out), run.out());
        assertTrue(!written.isEmpty() && written.size() <= 8, written.toString());
        ObjectMapper json = new ObjectMapper();
        for (String line : written) {
            JsonNode n = json.readTree(line);
            assertTrue(n.get("score_chosen").asDouble() > n.get("score_rejected").asDouble(), line);
            assertTrue(n.get("chosen").asText().startsWith(" "), "reads on from the prompt: " + line);
            assertTrue(n.get("prompt").asText().startsWith("Once upon a time"), line);
        }
        CliRun again = CliRun.of(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(written, Files.readAllLines(out), "same seed, same pairs");
    }

    @Test
    void anOracleThatCannotJudgeNewTextIsRefusedByName() {
        CliRun run = CliRun.of("pairs", model().toString(), "--prompts", "p.jsonl", "--out", "o.jsonl",
                "--oracle", "dataset");
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().contains("--oracle dataset: pairs need an oracle that judges new completions"), run.err());
    }
}
