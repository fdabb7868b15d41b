package org.preflab.engine.compute;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.testing.Fixtures;

class GeneratorTest {
    private static final List<long[]> PROMPTS = List.of(new long[] {1, 403, 407, 261, 378}, new long[] {1, 403},
            new long[] {1, 300, 301, 302, 303, 304, 305, 306});

    @Test
    void batchOfDifferentLengthsEqualsOneByOne() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("stories260k", root)) {
            List<Generation> batch = Generator.generate(lm, root, PROMPTS, SamplingConfig.greedy(12));
            for (int i = 0; i < PROMPTS.size(); i++) {
                Generation one = Generator.generate(lm, root, List.of(PROMPTS.get(i)), SamplingConfig.greedy(12)).get(0);
                assertArrayEquals(one.tokens(), batch.get(i).tokens(), "prompt " + i);
            }
        }
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("stories260k", root)) {
            SamplingConfig a = new SamplingConfig(1.0, 0, 1.0, 20, Set.of(), 42);
            SamplingConfig b = new SamplingConfig(1.0, 0, 1.0, 20, Set.of(), 43);
            List<Generation> g1 = Generator.generate(lm, root, PROMPTS, a);
            List<Generation> g2 = Generator.generate(lm, root, PROMPTS, a);
            List<Generation> g3 = Generator.generate(lm, root, PROMPTS, b);
            boolean anyDiffers = false;
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(g1.get(i).tokens(), g2.get(i).tokens());
                anyDiffers |= !java.util.Arrays.equals(g1.get(i).tokens(), g3.get(i).tokens());
            }
            assertTrue(anyDiffers, "another seed should sample other tokens");
        }
    }

    @Test
    void stopsAtEosAndTopKOneIsGreedy() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("stories260k", root)) {
            long[] greedy = Generator.generate(lm, root, PROMPTS.subList(0, 1), SamplingConfig.greedy(30)).get(0).tokens();
            // top-k 1 at temperature 1 must be greedy whatever the seed
            long[] topk1 = Generator.generate(lm, root, PROMPTS.subList(0, 1),
                    new SamplingConfig(1.0, 1, 1.0, 30, Set.of(), 5)).get(0).tokens();
            assertArrayEquals(greedy, topk1);
            // a tiny top-p keeps only the most likely token: greedy again
            long[] topp = Generator.generate(lm, root, PROMPTS.subList(0, 1),
                    new SamplingConfig(1.0, 0, 1e-6, 30, Set.of(), 5)).get(0).tokens();
            assertArrayEquals(greedy, topp);
            // treat greedy's 5th token as EOS: generation stops right after it
            Generation stopped = Generator.generate(lm, root, PROMPTS.subList(0, 1),
                    new SamplingConfig(0, 0, 1.0, 30, Set.of(greedy[4]), 0)).get(0);
            assertTrue(stopped.stopped());
            int first = 0;
            while (greedy[first] != greedy[4]) {
                first++;
            }
            assertEquals(first + 1, stopped.tokens().length);
        }
    }

    @Test
    void rejectsPromptsBeyondContext() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("tiny-gpt2", root)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Generator.generate(lm, root, List.of(new long[60]), SamplingConfig.greedy(10)));
            assertTrue(e.getMessage().contains("context of 64"), e.getMessage());
        }
    }

    @Test
    void streamedTokensEqualTheBatchResultAndStopWhenAsked() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = Fixtures.model("stories260k", root)) {
            SamplingConfig cfg = new SamplingConfig(0.9, 40, 0.95, 24, Set.of(), 7);
            long[] batch = Generator.generate(lm, root, PROMPTS.subList(0, 1), cfg).get(0).tokens();
            assertEquals(24, batch.length);
            List<Long> heard = new java.util.ArrayList<>();
            Generation streamed = Generator.stream(lm, root, PROMPTS.get(0), cfg, t -> heard.add(t));
            assertArrayEquals(batch, streamed.tokens());
            assertArrayEquals(batch, heard.stream().mapToLong(Long::longValue).toArray(), "each token heard once, in order");
            // a listener that says stop after the 5th token ends it there, with those same 5 tokens
            List<Long> five = new java.util.ArrayList<>();
            Generation stopped = Generator.stream(lm, root, PROMPTS.get(0), cfg, t -> {
                five.add(t);
                return five.size() < 5;
            });
            assertEquals(5, stopped.tokens().length);
            assertArrayEquals(java.util.Arrays.copyOf(batch, 5), stopped.tokens());
        }
    }
}
