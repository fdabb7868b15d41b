package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.tokenize.TextTokenizer;

/** SFT records are tokenized only as far as max_length can use, with the ids whole tokenization gives. */
class SftDataTest {
    @TempDir Path tmp;

    @Test
    void aHugeCompletionIsCutQuicklyAndNormalOnesAreWhole() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String huge = " and then they played in the park".repeat(400_000); // 13 MB
        Path file = tmp.resolve("sft.jsonl");
        Files.writeString(file, json.writeValueAsString(Map.of("prompt", "Once upon a time", "completion", huge))
                + "\n" + json.writeValueAsString(Map.of("prompt", "Once upon a time", "completion", " Lily smiled."))
                + "\n");
        try (TextTokenizer tok = TextTokenizer.load(Path.of(System.getProperty("preflab.shared"), "fixtures",
                "stories260k"))) {
            SftData.Loaded loaded = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SftData.load(file, tok, 64));
            assertEquals(1, loaded.truncated());
            var cut = loaded.examples().get(0);
            assertEquals(64, cut.prompt().length + cut.completion().length);
            assertArrayEquals(tok.encode("Once upon a time", true), cut.prompt());
            assertArrayEquals(Arrays.copyOf(tok.encode(huge.substring(0, 2000), false), cut.completion().length),
                    cut.completion());
            long[] completion = tok.encode(" Lily smiled.", false);
            long[] withEos = Arrays.copyOf(completion, completion.length + 1);
            withEos[completion.length] = tok.specialTokens().eosId().getAsLong();
            assertArrayEquals(withEos, loaded.examples().get(1).completion());
        }
    }
}
