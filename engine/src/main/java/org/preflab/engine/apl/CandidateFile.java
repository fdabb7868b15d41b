package org.preflab.engine.apl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.spi.Candidate;

/**
 * One acquisition attempt's result, written atomically before any of its candidates goes to the oracle: a resumed
 * round asks about exactly these candidates instead of generating others. It also keeps every score computed, for
 * the round's histograms.
 */
public final class CandidateFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CandidateFile() {}

    /** apl/round-R/attempt-A.json in the run folder. */
    public static Path of(Path runDir, int round, int attempt) {
        return runDir.resolve("apl").resolve("round-" + round).resolve("attempt-" + attempt + ".json");
    }

    public static void write(Path file, int round, int attempt, int need, List<Candidate> candidates,
            Map<String, Object> scores) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("round", round);
        root.put("attempt", attempt);
        root.put("need", need);
        root.set("scores", JSON.valueToTree(scores));
        ArrayNode list = root.putArray("candidates");
        for (Candidate c : candidates) {
            ObjectNode n = list.addObject();
            n.put("id", c.id());
            n.put("item", c.item());
            n.put("prompt", c.prompt());
            n.put("first", c.firstText());
            n.put("second", c.secondText());
            n.set("prompt_tokens", JSON.valueToTree(c.promptTokens()));
            n.set("first_tokens", JSON.valueToTree(c.first()));
            n.set("second_tokens", JSON.valueToTree(c.second()));
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    }

    public static List<Candidate> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<Candidate> out = new ArrayList<>();
        for (JsonNode n : root.path("candidates")) {
            out.add(new Candidate(n.get("id").asText(), n.get("item").asInt(), n.get("prompt").asText(),
                    LabelStore.ids(n.get("prompt_tokens")), LabelStore.ids(n.get("first_tokens")),
                    LabelStore.ids(n.get("second_tokens")), n.get("first").asText(), n.get("second").asText()));
        }
        return out;
    }

    /** The scores recorded in the file (score name -> {values, kept}), for views that draw a round. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> scores(Path file) throws IOException {
        return JSON.convertValue(JSON.readTree(file.toFile()).path("scores"), Map.class);
    }
}
