package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged reference cache is recomputed (and said so), never used: flipped bytes must not become log-probs. */
class ReferenceCacheIntegrityTest {
    @TempDir Path tmp;

    @Test
    void flippedOrTruncatedCacheIsRecomputedAndTheRunMatchesAFreshOne() throws Exception {
        Path config = RunFixtures.write(tmp, RunFixtures.dpoConfig(RunFixtures.pairs(tmp, "pairs.jsonl", 8, 1), 2));
        Path fresh = PreferenceRunTest.run(config);
        Path cache = only(tmp.resolve("runs").resolve("reference-cache"));
        byte[] bytes = Files.readAllBytes(cache);
        for (int i = bytes.length - 16; i < bytes.length; i++) {
            bytes[i] ^= 0x5A; // the last log-probs' bits
        }
        Files.write(cache, bytes);
        Path afterFlip = PreferenceRunTest.run(config);
        assertTrue(events(afterFlip).contains("checksum does not match"), events(afterFlip));
        assertEquals(RunFixtures.trainingRows(fresh), RunFixtures.trainingRows(afterFlip));

        Files.write(cache, java.util.Arrays.copyOf(Files.readAllBytes(cache), 40)); // truncated mid-header
        Path afterTruncation = PreferenceRunTest.run(config);
        assertTrue(events(afterTruncation).contains("cannot be read"), events(afterTruncation));
        assertEquals(RunFixtures.trainingRows(fresh), RunFixtures.trainingRows(afterTruncation));

        Path reused = PreferenceRunTest.run(config);
        assertTrue(events(reused).contains("reused cached reference log-probs"), events(reused));
    }

    private static String events(Path run) throws Exception {
        return String.join("\n", RunFixtures.events(run));
    }

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".safetensors")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }
}
