package org.preflab.engine.spa;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.preflab.engine.compute.Completions;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.testing.Fixtures;
import org.preflab.engine.tokenize.TextTokenizer;

/** SPA's direct preference judgment on stories260k, and the oracle's agreement with it. */
class SpaSelfLabelsTest {
    private static SpaSettings sampling(int k, double temperature) {
        return new SpaSettings(0.1, 1, k, temperature, 1.0, 10, 1, 0.1, 0.1, 0.2, 1.0, 50);
    }

    @Test
    void highestImplicitRewardIsChosenLowestRejectedAndAlikeResponsesGiveNoPair() throws Exception {
        DjlRuntime.engine();
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM initial = ModelIO.load(Fixtures.fixture("stories260k"), root);
                TransformerLM policy = ModelIO.load(Fixtures.fixture("stories260k"), root);
                TextTokenizer tok = TextTokenizer.load(Fixtures.fixture("stories260k"))) {
            for (NDArray p : policy.parameters().values()) { // π_{i−1} differs from S, so rewards are not all 0
                p.muli(1.02f);
            }
            List<SelfLabeler.Prompt> prompts = new ArrayList<>();
            String[] texts = {"Once upon a time", "Tom had a red ball.", "The sun was"};
            for (int i = 0; i < texts.length; i++) {
                prompts.add(new SelfLabeler.Prompt(10 + i, tok.encode(texts[i], true), texts[i]));
            }
            SelfLabeler.Result r = SelfLabeler.label(policy, initial, tok, prompts, sampling(3, 1.0), 64, 5, 2, root);
            assertEquals(9, r.samples());
            assertEquals(prompts.size(), r.pairs().size() + r.skipped());
            assertFalse(r.pairs().isEmpty());
            for (SelfLabeler.Pair p : r.pairs()) {
                assertEquals(3, p.rewards().length);
                for (double v : p.rewards()) {
                    assertTrue(v <= p.rewardChosen() && v >= p.rewardRejected());
                }
                assertTrue(p.rewardChosen() > p.rewardRejected());
                List<ScoredSequence> seq = List.of(new ScoredSequence(p.prompt(), p.chosen()));
                double reward = Completions.logps(policy, root, seq, tok.padIdOrEos(), 1)[0]
                        - Completions.logps(initial, root, seq, tok.padIdOrEos(), 1)[0];
                assertEquals(reward, p.rewardChosen(), 1e-4, "r = log π_{i−1}(y|x) − log π_S(y|x)");
                ObjectMapper json = new ObjectMapper();
                @SuppressWarnings("unchecked")
                Map<String, Object> row = json.readValue(json.writeValueAsString(p.toRow()), Map.class);
                SelfLabeler.Pair back = SelfLabeler.Pair.fromRow(row);
                assertArrayEquals(p.chosen(), back.chosen());
                assertArrayEquals(p.rejected(), back.rejected());
                assertArrayEquals(p.prompt(), back.prompt());
                assertArrayEquals(p.rewards(), back.rewards());
                assertEquals(p.chosenText(), back.chosenText());
            }
            SelfLabeler.Result again = SelfLabeler.label(policy, initial, tok, prompts, sampling(3, 1.0), 64, 5, 2,
                    root);
            assertEquals(r.pairs().size(), again.pairs().size());
            for (int i = 0; i < r.pairs().size(); i++) {
                assertArrayEquals(r.pairs().get(i).chosen(), again.pairs().get(i).chosen(), "seeded: the same labels");
            }
            SelfLabeler.Result greedy = SelfLabeler.label(policy, initial, tok, prompts, sampling(2, 1e-6), 64, 5, 2,
                    root);
            assertEquals(0, greedy.pairs().size(), "near-greedy sampling gives alike responses: no pair");
            assertEquals(prompts.size(), greedy.skipped());
        }
    }

    @Test
    void oracleAgreementSwapsAtRandomAndCountsOnlyDecisiveAnswers() {
        List<SelfLabeler.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String prompt = i == 0 ? "skip me" : "p" + i;
            pairs.add(new SelfLabeler.Pair(i, new long[] {1}, prompt, new long[] {2}, i < 9 ? "good" : "bad",
                    new long[] {3}, i < 9 ? "bad" : "good", new double[] {1, 0}, 0, 1));
        }
        List<Comparison> asked = new ArrayList<>();
        PreferenceOracle prefersGood = new PreferenceOracle() {
            @Override
            public CompletableFuture<Judgement> judge(Comparison c) {
                asked.add(c);
                Judgement.Verdict v = c.prompt().equals("skip me") ? Judgement.Verdict.SKIP
                        : c.a().equals("good") ? Judgement.Verdict.A : Judgement.Verdict.B;
                return CompletableFuture.completedFuture(Judgement.of(v, ""));
            }

            @Override
            public String describe() {
                return "prefers good";
            }
        };
        OracleAgreement.Result r = OracleAgreement.check(prefersGood, pairs, "spa-1-", 42, true);
        assertEquals(11, r.decisive());
        assertEquals(8, r.agreed(), "pairs 1-8 agree; 9-11 were self-labelled the wrong way round");
        assertEquals(8 / 11.0, r.agreement(), 1e-12);
        assertTrue(r.swapped() > 0 && r.swapped() < 12, "a random A/B order");
        for (int i = 0; i < 12; i++) {
            OracleAgreement.Answer a = r.answers().get(i);
            assertEquals("spa-1-" + i, a.id());
            assertEquals(a.swapped() ? pairs.get(i).rejectedText() : pairs.get(i).chosenText(), asked.get(i).a());
        }
        assertNull(r.answers().get(0).agrees());
        assertEquals(OracleAgreement.check(prefersGood, pairs, "spa-1-", 42, true).answers(), r.answers(),
                "seeded swaps");
        assertEquals(0, OracleAgreement.check(prefersGood, pairs, "x", 42, false).swapped());
    }
}
