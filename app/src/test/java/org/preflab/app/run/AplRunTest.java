package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;

/** Active preference learning end to end on stories260k with a programmatic oracle: rounds, labels, win rates. */
class AplRunTest {
    @TempDir Path tmp;

    static ObjectNode aplConfig(Path data, String acquisition) {
        ObjectNode c = RunFixtures.dpoConfig(data, 0);
        c.put("name", "test-apl");
        c.put("method", "apl");
        ((ObjectNode) c.get("data")).put("eval_fraction", 0.2);
        ObjectNode t = (ObjectNode) c.get("train");
        t.put("epochs", 2);
        t.put("checkpoint_every", 1);
        ObjectNode a = c.putObject("apl");
        a.put("acquisition", acquisition);
        a.putArray("budgets").add(4).add(8);
        a.put("overgenerate", 2);
        a.put("oversample_prompts", 2);
        a.put("entropy_samples", 2);
        a.put("min_new_tokens", 4);
        a.put("max_new_tokens", 8);
        ObjectNode o = c.putObject("oracle");
        o.put("type", "test-words");
        o.putArray("rules").add("shared").add("hug").add("happy").add("friend");
        c.putObject("winrate").put("max_new_tokens", 8);
        return c;
    }

    @Test
    void roundsAcquireLabelTrainAndMeasureTheWinRate() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 40, 3);
        Path dir = PreferenceRunTest.run(RunFixtures.write(tmp, aplConfig(data, "entropy_certainty")));

        List<JsonNode> acq = events(dir, "acquisition");
        assertTrue(acq.size() >= 2, "at least one acquisition per round (more where the oracle saw a tie)");
        JsonNode first = acq.get(0).get("data");
        assertEquals(4, first.get("need").asInt());
        JsonNode entropy = first.get("scores").get("entropy");
        assertEquals(4 * 2 * 2, entropy.get("values").size(), "n*G*P prompts scored by entropy");
        assertEquals(4 * 2, entropy.get("kept").size(), "n*G kept");
        JsonNode certainty = first.get("scores").get("certainty");
        assertEquals(8, certainty.get("values").size());
        assertEquals(4, certainty.get("kept").size(), "the n most certain pairs");
        double best = certainty.get("values").get(certainty.get("kept").get(0).asInt()).asDouble();
        for (JsonNode v : certainty.get("values")) {
            assertTrue(v.asDouble() <= best + 1e-12, "the first kept is the most certain");
        }
        assertEquals(1, acq.stream().filter(e -> e.get("data").get("round").asInt() == 1
                && e.get("data").get("need").asInt() == 4).count(), "round 2 tops up to 8");

        List<String> labels = Files.readAllLines(dir.resolve("apl/labels.jsonl"));
        assertEquals(8, decisive(labels).size(), "the budget counts decisive answers; ties are kept but not trained on");
        List<String> asked = Files.readAllLines(dir.resolve("asked.log")).stream()
                .filter(id -> !id.startsWith("eval-")).toList(); // the win rate's questions are not labels
        assertEquals(labels.size(), asked.size());
        assertEquals(asked.size(), new HashSet<>(asked).size(), "no question asked twice");
        assertTrue(labels.stream().anyMatch(l -> l.contains("\"swapped\":true"))
                && labels.stream().anyMatch(l -> l.contains("\"swapped\":false")), "A/B swapped at random");

        List<JsonNode> train = rows(dir, "loss");
        assertEquals(2 + 4, train.size(), "2 epochs of 4 labels, then of 8 (batch 4)");
        assertEquals(4, train.get(0).get("labels_used").asInt());
        assertEquals(8, train.get(5).get("labels_used").asInt());
        assertEquals(Math.log(2), train.get(2).get("loss").asDouble(), 1e-5, "round 2 restarts from the initial model");
        List<JsonNode> evals = rows(dir, "eval_win_rate");
        assertEquals(2, evals.size());
        for (JsonNode e : evals) {
            double w = e.get("eval_win_rate").asDouble();
            assertTrue(e.get("eval_win_rate/low").asDouble() <= w && w <= e.get("eval_win_rate/high").asDouble());
            assertTrue(e.has("eval_kl/sequence") && e.has("eval_oracle_reward") && e.has("labels_used"), e.toString());
        }
        assertEquals(8, Files.readAllLines(dir.resolve("winrate/step-000002.jsonl")).size(), "20% of 40 held out");
        List<JsonNode> rounds = events(dir, "round");
        assertEquals(2, rounds.size());
        for (String part : List.of("generate_s", "score_s", "label_s", "train_s")) {
            assertTrue(rounds.get(0).get("data").has(part), part);
        }
    }

    @Test
    void randomAcquisitionScoresNothingAndSameSeedGivesTheSameRun() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 30, 5);
        ObjectNode c = aplConfig(data, "random");
        ((ObjectNode) c.get("apl")).putArray("budgets").add(4);
        Path a = PreferenceRunTest.run(RunFixtures.write(tmp, c));
        Path b = PreferenceRunTest.run(RunFixtures.write(tmp, c));
        assertEquals(0, events(a, "acquisition").get(0).get("data").get("scores").size());
        assertEquals(RunFixtures.trainingRows(a), RunFixtures.trainingRows(b));
        assertEquals(labelsWithoutTime(a), labelsWithoutTime(b));
    }

    @Test
    void runKilledWhileLabellingResumesWithoutAskingAnyQuestionTwice() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 40, 3);
        ObjectNode c = aplConfig(data, "entropy_certainty");
        ((com.fasterxml.jackson.databind.node.ArrayNode) c.get("oracle").get("rules")).add("delay:150");
        Path cfg = RunFixtures.write(tmp, c);
        Path straight = PreferenceRunTest.run(cfg);
        Path runs = Path.of(c.get("runs_dir").asText());
        List<Path> before = Files.list(runs).toList();
        Process p = RunFixtures.startRunProcess(cfg, tmp.resolve("child.log"));
        Path dir = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) { // kill in round 2, between two answers
            dir = Files.list(runs).filter(d -> !before.contains(d)).findFirst().orElse(null);
            Path labels = dir == null ? null : dir.resolve("apl/labels.jsonl");
            if (labels != null && Files.exists(labels) && decisive(Files.readAllLines(labels)).size() >= 5) {
                break;
            }
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "the child finished first:\n" + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> answeredBefore = ids(Files.readAllLines(dir.resolve("apl/labels.jsonl")));
        assertTrue(rows(dir, "loss").stream().noneMatch(r -> r.get("labels_used").asInt() == 8),
                "killed before round 2 trained");
        Path killed = dir;
        try (EngineThread engine = new EngineThread()) {
            engine.call(() -> RunFixtures.executor().resume(killed, new RunListener() {}));
        }
        List<String> asked = Files.readAllLines(dir.resolve("asked.log"));
        assertEquals(8, decisive(Files.readAllLines(dir.resolve("apl/labels.jsonl"))).size());
        for (String id : answeredBefore) { // one in flight at the kill is asked again; one answered never is
            assertEquals(1, asked.stream().filter(id::equals).count(), id + " asked again: " + asked);
        }
        assertEquals(labelsWithoutTime(straight), labelsWithoutTime(killed));
        assertEquals(RunFixtures.trainingRows(straight), RunFixtures.trainingRows(killed));
        assertEquals(rows(straight, "eval_win_rate").toString(), rows(killed, "eval_win_rate").toString());
    }

    @Test
    void aHumanOracleWaitsForAnswersGivenFromAnotherQueue() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 20, 9);
        ObjectNode c = aplConfig(data, "random");
        ((ObjectNode) c.get("apl")).putArray("budgets").add(3);
        ObjectNode o = c.putObject("oracle");
        o.put("type", "human");
        Path cfg = RunFixtures.write(tmp, c);
        Path runs = Path.of(c.get("runs_dir").asText());
        try (EngineThread engine = new EngineThread()) {
            var done = engine.submit(() -> RunFixtures.executor().start(cfg, new RunListener() {}));
            Path dir = null;
            int answered = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!done.isDone() && System.nanoTime() < deadline) {
                dir = Files.isDirectory(runs) ? Files.list(runs).findFirst().orElse(null) : null;
                if (dir != null && Files.isDirectory(dir.resolve("human"))) {
                    try (var queue = org.preflab.engine.oracle.HumanQueue.open(dir)) {
                        for (var q : queue.pending()) { // as the workbench or `preflab label` would
                            queue.answer(q.id(), answered % 2 == 0 ? org.preflab.engine.spi.Judgement.Verdict.A
                                    : org.preflab.engine.spi.Judgement.Verdict.B, "test");
                            answered++;
                        }
                    }
                }
                Thread.sleep(20);
            }
            assertTrue(done.isDone(), "the run ends once the budget is answered");
            done.get();
            assertEquals(3, answered);
            List<String> labels = Files.readAllLines(dir.resolve("apl/labels.jsonl"));
            assertEquals(3, decisive(labels).size());
            List<JsonNode> train = rows(dir, "loss");
            assertFalse(train.isEmpty());
            assertEquals(3, train.get(0).get("labels_used").asInt());
            assertTrue(RunFixtures.events(dir).stream().anyMatch(e -> e.contains("no win rate: the oracle is a person")));
        }
    }

    @Test
    void offlinePoolAcquiresDatasetPairsOnceWithTheirHiddenLabels() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 24, 4);
        ObjectNode c = aplConfig(data, "certainty");
        ObjectNode a = (ObjectNode) c.get("apl");
        a.put("pool", "PAIRS");
        a.putArray("budgets").add(4).add(8);
        c.putObject("oracle").put("type", "dataset");
        c.remove("winrate");
        Path dir = PreferenceRunTest.run(RunFixtures.write(tmp, c));
        List<String> labels = Files.readAllLines(dir.resolve("apl/labels.jsonl"));
        assertEquals(8, decisive(labels).size(), "every dataset pair has a label");
        java.util.Set<Integer> items = new HashSet<>();
        for (String l : labels) {
            JsonNode n = RunFixtures.JSON.readTree(l);
            assertTrue(items.add(n.get("item").asInt()), "a pair is acquired once: " + l);
            // the dataset's chosen completion (first, as acquired) always wins, whichever side it was shown on
            assertTrue(n.get("swapped").asBoolean() == n.get("verdict").asText().equals("B"), l);
        }
        // the dataset cannot judge sampled completions: no rate, but the KL point of each round is still measured
        assertTrue(rows(dir, "eval_win_rate").isEmpty());
        assertEquals(2, rows(dir, "eval_kl/sequence").size());
        assertTrue(RunFixtures.events(dir).stream().anyMatch(e -> e.contains("the oracle judged none")));
    }

    @Test
    void badOracleRulesAndUnknownAcquisitionsFailBeforeAnyRunFolder() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 10, 1);
        ObjectNode c = aplConfig(data, "random");
        c.putObject("oracle").put("type", "rules").putArray("rules").add("sentimnt");
        Path cfg = RunFixtures.write(tmp, c);
        Exception e = assertThrows(Exception.class, () -> PreferenceRunTest.run(cfg));
        assertTrue(e.getMessage().contains("experiment.json") && e.getMessage().contains("sentimnt"), e.getMessage());
        ObjectNode d = aplConfig(data, "entrpy");
        Exception f = assertThrows(Exception.class, () -> PreferenceRunTest.run(RunFixtures.write(tmp, d)));
        assertTrue(f.getMessage().contains("known: certainty, entropy, entropy_certainty, random"), f.getMessage());
        assertFalse(Files.exists(Path.of(c.get("runs_dir").asText())), "no run folder for a config error");
    }

    @Test
    void aLexiconNextToTheExperimentIsFoundWhenTheRunResumes() throws Exception {
        Path data = RunFixtures.pairs(tmp, "pairs.jsonl", 12, 2);
        StringBuilder words = new StringBuilder("# common story words, each its own weight, so that few pairs tie\n");
        String[] common = {"the", "a", "was", "and", "he", "she", "to", "they", "it", "his", "her", "said", "with",
            "in", "day", "one", "of", "on", "so", "very", "big", "happy", "little", "saw", "wanted", "play", "mom"};
        for (int i = 0; i < common.length; i++) {
            words.append(common[i]).append('\t').append(i + 1).append('\n');
        }
        Files.writeString(tmp.resolve("words.tsv"), words);
        ObjectNode c = aplConfig(data, "random");
        ((ObjectNode) c.get("apl")).putArray("budgets").add(2);
        c.putObject("oracle").put("type", "rules").putArray("rules").add("lexicon:words.tsv");
        Path dir = PreferenceRunTest.run(RunFixtures.write(tmp, c));
        String rule = RunFixtures.JSON.readTree(dir.resolve("config.json").toFile()).get("oracle").get("rules").get(0)
                .asText();
        assertEquals("lexicon:" + tmp.resolve("words.tsv").toAbsolutePath(), rule);
    }

    static List<JsonNode> events(Path dir, String type) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : RunFixtures.events(dir)) {
            JsonNode n = RunFixtures.JSON.readTree(l);
            if (n.get("type").asText().equals(type)) {
                out.add(n);
            }
        }
        return out;
    }

    static List<JsonNode> rows(Path dir, String having) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            JsonNode n = RunFixtures.JSON.readTree(l);
            if (n.has(having)) {
                ((ObjectNode) n).remove("tokens_per_s");
                out.add(n);
            }
        }
        return out;
    }

    private static List<String> decisive(List<String> labels) {
        return labels.stream().filter(l -> l.contains("\"verdict\":\"A\"") || l.contains("\"verdict\":\"B\""))
                .toList();
    }

    private static List<String> ids(List<String> labels) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String l : labels) {
            out.add(RunFixtures.JSON.readTree(l).get("id").asText());
        }
        return out;
    }

    private static List<String> labelsWithoutTime(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("apl/labels.jsonl")).stream()
                .map(l -> l.replaceAll("\"time\":\"[^\"]*\",?", "")).toList();
    }
}
