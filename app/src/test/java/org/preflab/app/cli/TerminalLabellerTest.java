package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.oracle.HumanAnswer;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;

class TerminalLabellerTest {
    private static final Comparison Q1 = new Comparison("r1-0", "Once upon a time", "they smiled", "they cried");
    private static final Comparison Q2 = new Comparison("r1-1", "The dog", "ran home", "sat\ndown");
    private static final Comparison Q3 = new Comparison("r1-2", "The cat", "slept", "jumped");

    @TempDir Path run;
    private final StringWriter screen = new StringWriter();

    private static List<Verdict> verdicts(HumanQueue q) throws IOException {
        return q.answers().stream().map(HumanAnswer::verdict).toList();
    }

    @Test
    void answersEachWaitingQuestionInTurnAndSavesIt() throws IOException {
        try (HumanQueue q = HumanQueue.open(run)) {
            q.ask(Q1);
            q.ask(Q2);
            q.ask(Q3);
            // "x" is not an answer and asks again; t is a tie; the input ends before Q3: that is a quit.
            TerminalLabeller labeller = new TerminalLabeller(q, new StringReader("a\nx\nt\n"),
                    new PrintWriter(screen), "terminal:test", () -> false);
            assertEquals(2, labeller.run());
        }
        String shown = screen.toString();
        assertTrue(shown.contains("── 3 waiting ── question r1-0\nPrompt: Once upon a time\n  A: they smiled\n"
                + "  B: they cried\n"), shown);
        assertTrue(shown.contains("── 2 waiting ── question r1-1\nPrompt: The dog\n  A: ran home\n  B: sat\n"
                + "     down\n"), shown);
        assertTrue(shown.contains("Type one of " + TerminalLabeller.CHOICES), shown);
        assertTrue(shown.contains("── 1 waiting ── question r1-2"), shown);
        assertTrue(shown.endsWith("2 answered here; 1 still waiting.\n"), shown);
        try (HumanQueue reopened = HumanQueue.open(run)) {
            assertEquals(List.of(Verdict.A, Verdict.TIE), verdicts(reopened));
            assertEquals("terminal:test", reopened.answers().get(0).who());
            assertEquals(List.of(Q3), reopened.pending());
        }
    }

    @Test
    void skipAndQuit() throws IOException {
        try (HumanQueue q = HumanQueue.open(run)) {
            q.ask(Q1);
            q.ask(Q2);
            assertEquals(1, new TerminalLabeller(q, new StringReader("S\nq\nb\n"), new PrintWriter(screen), "t",
                    () -> true).run());
            assertEquals(List.of(Verdict.SKIP), verdicts(q));
            assertEquals(List.of(Q2), q.pending());
        }
    }

    @Test
    void waitsForNewQuestionsWhileTheRunGoes() throws Exception {
        AtomicBoolean going = new AtomicBoolean(true);
        PipedWriter keyboard = new PipedWriter();
        try (HumanQueue labellers = HumanQueue.open(run); HumanQueue runs = HumanQueue.open(run)) {
            TerminalLabeller labeller = new TerminalLabeller(labellers, new PipedReader(keyboard),
                    new PrintWriter(screen), "t", going::get);
            CompletableFuture<Integer> answered = CompletableFuture.supplyAsync(() -> {
                try {
                    return labeller.run();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            awaitScreen("Waiting for questions");
            runs.ask(Q1); // the run, in another queue (another process, say), asks
            awaitScreen("── 1 waiting ── question r1-0");
            keyboard.write("b\n");
            keyboard.flush();
            HumanAnswer a = runs.answerFor(Q1.id()).get(5, TimeUnit.SECONDS);
            assertEquals(Verdict.B, a.verdict());
            assertFalse(answered.isDone(), "still waiting while the run goes");
            going.set(false); // the run ended: nothing waiting, so the labeller stops
            assertEquals(1, answered.get(5, TimeUnit.SECONDS));
            assertTrue(screen.toString().endsWith("Nothing waiting, and the run is not going. 1 answered here.\n"),
                    screen.toString());
        }
    }

    private void awaitScreen(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!screen.toString().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "never shown: " + text + "\n" + screen);
            Thread.sleep(20);
        }
    }
}
