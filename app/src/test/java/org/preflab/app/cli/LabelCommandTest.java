package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.oracle.HumanAnswer;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;

class LabelCommandTest {
    @TempDir Path run;

    private static CliRun typing(String keys, String... args) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)));
            return CliRun.of(args);
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void answersAStoppedRunsQuestionsAndEnds() throws IOException {
        Files.writeString(run.resolve("config.json"), "{}");
        try (HumanQueue q = HumanQueue.open(run)) {
            q.ask(new Comparison("r1-0", "Once upon a time", "they smiled", "they cried"));
            q.ask(new Comparison("r1-1", "The dog", "ran home", "sat down"));
        }
        // No process holds the run's lock, so with both answered there is nothing to wait for.
        CliRun label = typing("a\nb\n", "label", run.toString(), "--who", "ann");
        assertEquals(0, label.code(), label.err());
        assertTrue(label.out().contains("── 2 waiting ── question r1-0"), label.out());
        assertTrue(label.out().contains("Nothing waiting, and the run is not going. 2 answered here."), label.out());
        try (HumanQueue q = HumanQueue.open(run)) {
            assertEquals(List.of(Verdict.A, Verdict.B), q.answers().stream().map(HumanAnswer::verdict).toList());
            assertEquals("ann", q.answers().get(1).who());
        }
    }

    @Test
    void aFolderThatIsNotARunIsAnError() {
        CliRun label = typing("", "label", run.resolve("nope").toString());
        assertEquals(2, label.code());
        assertTrue(label.err().contains("error: " + run.resolve("nope") + ": not a run folder (no config.json)"),
                label.err());
        assertTrue(Files.notExists(run.resolve("nope")), "no queue folder made for a typo");
    }
}
