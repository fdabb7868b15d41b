package org.preflab.engine.apl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.spi.Candidate;
import org.preflab.engine.spi.Judgement;

class LabelStoreTest {
    @TempDir Path tmp;

    static Candidate candidate(String id) {
        return new Candidate(id, 3, "Once", new long[] {1, 5}, new long[] {7, 8}, new long[] {9}, "first", "second");
    }

    @Test
    void answersSurviveReopeningAndATornLastLineIsDropped() throws Exception {
        Path f = tmp.resolve("apl/labels.jsonl");
        LabelStore s = LabelStore.open(f);
        s.append(new Label(candidate("r0-a0-c0"), 0, true, Judgement.fromScores(1, 2, 0, "rules"), Instant.EPOCH));
        s.append(new Label(candidate("r0-a0-c1"), 0, false, Judgement.of(Judgement.Verdict.TIE, ""), Instant.EPOCH));
        Files.writeString(f, "{\"id\": \"r0-a0-c2\", \"rou", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        LabelStore again = LabelStore.open(f);
        assertEquals(2, again.all().size());
        assertTrue(again.has("r0-a0-c0") && again.has("r0-a0-c1") && !again.has("r0-a0-c2"));
        assertEquals(1, again.decisive().size(), "a tie is kept but is not training data");
        assertTrue(Files.readString(f).endsWith("\n"), "the torn line is cut off");
        assertThrows(IllegalStateException.class, () -> again.append(new Label(candidate("r0-a0-c0"), 0, false,
                Judgement.of(Judgement.Verdict.A, ""), Instant.EPOCH)));
    }

    @Test
    void theAnswerAsShownMapsBackThroughTheSwap() {
        // shown swapped: A was the second completion; the oracle preferred B (the first one) by score 2 > 1
        Label l = new Label(candidate("x"), 0, true, Judgement.fromScores(1, 2, 0, ""), Instant.EPOCH);
        assertTrue(l.firstPreferred());
        PairExample p = l.toPair(0);
        assertArrayEquals(new long[] {7, 8}, p.chosen());
        assertEquals("first", p.chosenText());
        Label plain = new Label(candidate("y"), 0, false, Judgement.fromScores(1, 2, 0, ""), Instant.EPOCH);
        assertArrayEquals(new long[] {9}, plain.toPair(0).chosen(), "not swapped: B is the second completion");
    }
}
