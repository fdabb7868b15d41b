package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.Main;

class LossCommandTest {
    // h = s_c - s_r = {0.5 - (-1), -1 - 0.5} = {1.5, -1.5}
    private static final String TWO_PAIRS = """
            {"policy_chosen": [-10.0, -21.0], "policy_rejected": [-12.0, -19.5],
             "reference_chosen": [-10.5, -20.0], "reference_rejected": [-11.0, -20.0],
             "chosen_lengths": [4, 6], "rejected_lengths": [5, 0]}
            """;

    @TempDir Path dir;

    private static CliRun preflab(String... args) {
        return CliRun.of(args);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static double logSigmoid(double u) {
        return Math.min(u, 0) - Math.log1p(Math.exp(-Math.abs(u)));
    }

    @Test
    void printsLossPerPairAndGradientAsOneJsonObject() throws IOException {
        CliRun run = preflab("loss", "--type", "sigmoid", "--beta", "0.5", file("logps.json", TWO_PAIRS).toString());
        assertEquals(0, run.code(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        double[] h = {1.5, -1.5};
        double mean = 0;
        for (int i = 0; i < 2; i++) {
            double loss = -logSigmoid(0.5 * h[i]);
            mean += loss / 2;
            assertEquals(loss, out.get("per_pair").get(i).asDouble(), 1e-6);
            // d mean/d policy_chosen_i = -β σ(-β h_i) / B
            double grad = -0.5 * Math.exp(logSigmoid(-0.5 * h[i])) / 2;
            assertEquals(grad, out.get("grad").get("policy_chosen").get(i).asDouble(), 1e-6);
            assertEquals(-grad, out.get("grad").get("policy_rejected").get(i).asDouble(), 1e-6);
        }
        assertEquals(mean, out.get("loss").asDouble(), 1e-6);
        assertEquals(1, run.out().strip().lines().count(), "one line of JSON: " + run.out());
    }

    @Test
    void combinesTypesWithWeights() throws IOException {
        Path logps = file("logps.json", TWO_PAIRS);
        JsonNode dpo = json(preflab("loss", "--type", "sigmoid", "--beta", "0.1", logps.toString()));
        JsonNode rpo = json(preflab("loss", "--type", "sigmoid, sft", "--weights", "1,0.25", "--beta", "0.1",
                logps.toString()));
        double sft = (10.0 + 21.0) / (4 + 6);
        assertEquals(dpo.get("loss").asDouble() + 0.25 * sft, rpo.get("loss").asDouble(), 1e-5);
    }

    @Test
    void labelSmoothingAndTauReachTheLoss() throws IOException {
        Path logps = file("logps.json", TWO_PAIRS);
        // Pair 0 (h = 1.5) is ranked right, so flipping labels with probability 0.2 makes it cost more. (The batch
        // mean would not show it: with h = ±1.5 the smoothing terms cancel.)
        double dpo = json(preflab("loss", "--type", "cdpo", "--beta", "1", logps.toString())).get("per_pair").get(0)
                .asDouble();
        double cdpo = json(preflab("loss", "--type", "cdpo", "--beta", "1", "--label-smoothing", "0.2",
                logps.toString())).get("per_pair").get(0).asDouble();
        assertTrue(cdpo > dpo, cdpo + " vs " + dpo);
        double tauA = json(preflab("loss", "--type", "discopop", "--beta", "1", logps.toString())).get("loss")
                .asDouble();
        double tauB = json(preflab("loss", "--type", "discopop", "--beta", "1", "--tau", "2", logps.toString()))
                .get("loss").asDouble();
        assertTrue(Math.abs(tauA - tauB) > 1e-3, tauA + " vs " + tauB);
    }

    @Test
    void badInputIsOneLineNamingFileAndField() throws IOException {
        Path missing = file("missing.json", TWO_PAIRS.replace("\"reference_chosen\": [-10.5, -20.0],", ""));
        assertError("error: " + missing + ": missing field 'reference_chosen'",
                preflab("loss", "--type", "sigmoid", "--beta", "0.1", missing.toString()));

        Path uneven = file("uneven.json", TWO_PAIRS.replace("[5, 0]", "[5, 0, 3]"));
        assertError("error: " + uneven + ": field 'rejected_lengths' has 3 values but 'policy_chosen' has 2",
                preflab("loss", "--type", "sigmoid", "--beta", "0.1", uneven.toString()));

        Path text = file("text.json", TWO_PAIRS.replace("[-12.0, -19.5]", "[-12.0, \"x\"]"));
        assertError("error: " + text + ": field 'policy_rejected'[1] is \"x\", not a number",
                preflab("loss", "--type", "sigmoid", "--beta", "0.1", text.toString()));

        Path typo = file("typo.json", TWO_PAIRS.replace("chosen_lengths\": [4", "chosen_lenghts\": [4"));
        CliRun run = preflab("loss", "--type", "sigmoid", "--beta", "0.1", typo.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("error: " + typo + ": unknown field 'chosen_lenghts'"), run.err());

        Path broken = file("broken.json", "{\"policy_chosen\": [1,");
        run = preflab("loss", "--type", "sigmoid", "--beta", "0.1", broken.toString());
        assertTrue(run.err().startsWith("error: " + broken + ": not valid JSON"), run.err());
    }

    @Test
    void badLossSettingsAreQuoted() throws IOException {
        String logps = file("logps.json", TWO_PAIRS).toString();
        CliRun unknown = preflab("loss", "--type", "sigmod", "--beta", "0.1", logps);
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("error: unknown loss type 'sigmod'; known: aot, aot_unpaired,"),
                unknown.err());
        assertError("error: 2 weights for 3 loss types",
                preflab("loss", "--type", "sigmoid,sft,ipo", "--weights", "1,2", "--beta", "0.1", logps));
        assertError("error: loss 'robust' needs 0 <= label_smoothing < 0.5, got 0.5",
                preflab("loss", "--type", "robust", "--beta", "0.1", "--label-smoothing", "0.5", logps));
        assertError("error: beta must be a finite number > 0, got -1.0",
                preflab("loss", "--type", "sigmoid", "--beta", "-1", logps));
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertEquals(0, run.code(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    /** Exit code 2 and exactly this line on stderr (DJL's own log lines aside). */
    private static void assertError(String line, CliRun run) {
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().lines().anyMatch(line::equals), "expected '" + line + "' in:\n" + run.err());
        assertEquals("", run.out());
    }
}
