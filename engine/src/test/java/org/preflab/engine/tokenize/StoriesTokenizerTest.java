package org.preflab.engine.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real stories260k tokenizer against the golden values in /work/shared/fixtures/stories260k/golden.json. */
class StoriesTokenizerTest {
    static Path dir;
    static JsonNode golden;
    static TextTokenizer tok;

    @BeforeAll
    static void load() throws IOException {
        dir = Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k");
        golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        tok = TextTokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    static long[] longs(JsonNode array) {
        return IntStream.range(0, array.size()).mapToLong(i -> array.get(i).asLong()).toArray();
    }

    @Test
    void everyGoldenCaseEncodesToItsIdsWithBos() {
        JsonNode cases = golden.get("tokenizer_cases");
        assertEquals(10, cases.size());
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            assertArrayEquals(longs(c.get("ids")), tok.encode(text, true), text);
        }
    }

    @Test
    void withoutSpecialTokensThereIsNoBos() {
        assertArrayEquals(new long[] {403, 407, 261, 378}, tok.encode("Once upon a time", false));
        assertArrayEquals(new long[] {1}, tok.encode("", true));
        assertArrayEquals(new long[0], tok.encode("", false));
    }

    @Test
    void goldenCasesDecodeBackToTheirText() {
        // Every golden text survives a round trip: byte fallback (☃, Chinese, accents), tab and newline included.
        for (JsonNode c : golden.get("tokenizer_cases")) {
            assertEquals(c.get("text").asText(), tok.decode(longs(c.get("ids")), true));
        }
    }

    @Test
    void greedyIdsDecodeToTheGoldenText() {
        JsonNode greedy = golden.get("greedy");
        assertEquals(greedy.get("full_text").asText(), tok.decode(longs(greedy.get("full_ids")), true));
        assertEquals("Once upon a time", tok.decode(longs(greedy.get("prompt_ids")), true));
        // Kept special tokens stay in the text; Strip only removes a leading space, and "<s>" comes first.
        assertEquals("<s> Once upon a time", tok.decode(longs(greedy.get("prompt_ids")), false));
        // The generated part alone starts with ",", so the first piece has no space to lose.
        assertEquals(greedy.get("generated_text").asText(), tok.decode(longs(greedy.get("generated_ids")), true));
    }

    @Test
    void specialTokensOfStories260k() {
        SpecialTokens st = tok.specialTokens();
        assertEquals(new SpecialTokens.Token(1, "<s>"), st.bos());
        assertEquals(new SpecialTokens.Token(2, "</s>"), st.eos());
        assertEquals(new SpecialTokens.Token(0, "<unk>"), st.unk());
        assertEquals(null, st.pad());
        assertEquals(Set.of(2L), st.stopIds());
        assertTrue(st.isStop(2));
        assertFalse(st.isStop(1));
        assertEquals(2, tok.padIdOrEos(), "no pad token: fall back on eos");
        assertEquals(512, tok.vocabSize());
        assertEquals(Optional.empty(), tok.chatTemplate());
    }

    @Test
    void longTextsAreNotTruncated() {
        // DJL's default would truncate at 512 tokens; 400 words here are about 1000 tokens.
        String text = "Once upon a time, there was a little girl named Lily. ".repeat(40).strip();
        long[] ids = tok.encode(text, true);
        assertTrue(ids.length > 512, "got " + ids.length + " ids");
        assertEquals(text, tok.decode(ids, true));
    }

    @Test
    void djlDecodeMatchesTheDecoderPipelineOfTokenizerJson() throws IOException {
        ReferenceDecoder ref = new ReferenceDecoder(dir.resolve("tokenizer.json"));
        for (int id = 0; id < tok.vocabSize(); id++) {
            long[] one = {id};
            assertEquals(ref.decode(one, false), tok.decode(one, false), "id " + id);
        }
        Random random = new Random(260);
        for (int n = 0; n < 300; n++) {
            // Random runs include lone or truncated UTF-8 byte tokens, which each become U+FFFD.
            long[] ids = random.ints(1 + random.nextInt(24), 0, tok.vocabSize()).asLongStream().toArray();
            assertEquals(ref.decode(ids, false), tok.decode(ids, false), () -> java.util.Arrays.toString(ids));
            assertEquals(ref.decode(ids, true), tok.decode(ids, true), () -> java.util.Arrays.toString(ids));
        }
        long[] full = longs(golden.get("greedy").get("full_ids"));
        assertEquals(ref.decode(full, true), tok.decode(full, true));
    }

    @Test
    void negativeIdsAreRejectedAndUnknownIdsDecodeToNothing() {
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new long[] {403, -1}, true));
        // As in Hugging Face tokenizers: an id without a token is dropped.
        assertEquals("Once", tok.decode(new long[] {403, 9999}, true));
    }
}
