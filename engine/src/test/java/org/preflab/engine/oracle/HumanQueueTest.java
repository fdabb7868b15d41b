package org.preflab.engine.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.Judgement.Verdict;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

class HumanQueueTest {
    private static final Comparison Q1 = new Comparison("r1-0", "Once upon a time", "they smiled", "they cried");
    private static final Comparison Q2 = new Comparison("r1-1", "Once upon a time", "a dragon\nflew", "a \"cat\"");

    @TempDir Path run;

    private PreferenceOracle humanOracle() throws IOException {
        return new HumanOracleProvider().create(new OracleProvider.Context(run, run, List.of(), 0, null, Map.of()));
    }

    private List<String> lines(String file) throws IOException {
        return Files.readAllLines(run.resolve("human").resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void answersSurviveARestart() throws IOException {
        try (HumanQueue q = HumanQueue.open(run)) {
            assertTrue(q.ask(Q1));
            assertTrue(q.ask(Q2));
            HumanAnswer a = q.answer(Q2.id(), Verdict.B, "terminal:ann");
            assertEquals(new HumanAnswer(Q2.id(), Verdict.B, a.time(), "terminal:ann", Q2.prompt(), Q2.a(), Q2.b()),
                    a);
        }
        try (HumanQueue reopened = HumanQueue.open(run)) {
            assertEquals(List.of(Q1), reopened.pending());
            List<HumanAnswer> answers = reopened.answers();
            assertEquals(1, answers.size());
            assertEquals(Verdict.B, answers.get(0).verdict());
            assertEquals("a dragon\nflew", answers.get(0).a(), "texts keep their newlines and quotes");
            assertEquals("a \"cat\"", answers.get(0).b());
        }
        // The oracle of a resumed run gets the answer at once, without asking again.
        try (PreferenceOracle oracle = humanOracle()) {
            Judgement j = oracle.judge(Q2).getNow(null);
            assertEquals(Judgement.of(Verdict.B, "answered by terminal:ann"), j);
            assertFalse(oracle.judge(Q1).isDone());
        }
        assertEquals(2, lines("requests.jsonl").size(), "asking again after a restart adds no request");
        JsonNode answer = new ObjectMapper().readTree(lines("answers.jsonl").get(0));
        for (String field : List.of("id", "verdict", "time", "who", "prompt", "a", "b")) {
            assertTrue(answer.hasNonNull(field), field + " in " + answer);
        }
    }

    @Test
    void anAnswerFromAnotherQueueCompletesTheOraclesFuture() throws Exception {
        try (PreferenceOracle oracle = humanOracle(); HumanQueue labeller = HumanQueue.open(run)) {
            CompletableFuture<Judgement> asked = oracle.judge(Q1);
            assertFalse(asked.isDone());
            assertEquals(List.of(Q1), labeller.pending(), "the other queue sees the question");
            labeller.answer(Q1.id(), Verdict.A, "workbench");
            Judgement j = asked.get(5, TimeUnit.SECONDS);
            assertEquals(Verdict.A, j.verdict());
            assertEquals("answered by workbench", j.note());
        }
    }

    @Test
    void listenersHearOfQuestionsAskedElsewhere() throws Exception {
        try (HumanQueue watcher = HumanQueue.open(run); HumanQueue asker = HumanQueue.open(run)) {
            CountDownLatch heard = new CountDownLatch(1);
            watcher.addListener(heard::countDown);
            asker.ask(Q1);
            assertTrue(heard.await(5, TimeUnit.SECONDS), "no change noticed");
            assertEquals(List.of(Q1), watcher.pending());
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndCutOff() throws IOException {
        try (HumanQueue q = HumanQueue.open(run)) {
            q.ask(Q1);
            q.ask(Q2);
            q.answer(Q1.id(), Verdict.TIE, "ann");
        }
        // A labeller killed while writing its answer to Q2, and a run killed while asking a third question.
        Path answers = run.resolve("human/answers.jsonl");
        Files.writeString(answers, "{\"id\":\"r1-1\",\"verdict\":\"A\",\"ti", StandardOpenOption.APPEND);
        Files.writeString(run.resolve("human/requests.jsonl"), "{\"id\":\"r1-2\",\"pro", StandardOpenOption.APPEND);
        try (HumanQueue q = HumanQueue.open(run)) {
            assertEquals(List.of(Q2), q.pending());
            assertEquals(1, q.answers().size());
            q.answer(Q2.id(), Verdict.A, "ann");
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : lines("answers.jsonl")) {
            json.readTree(line); // every line whole again
        }
        assertEquals(2, lines("answers.jsonl").size());
        assertEquals(2, lines("requests.jsonl").size());
        try (HumanQueue q = HumanQueue.open(run)) {
            assertEquals(List.of(Verdict.TIE, Verdict.A), q.answers().stream().map(HumanAnswer::verdict).toList());
        }
    }

    @Test
    void aQuestionIsAskedOnceEvenFromTwoQueues() throws IOException {
        try (HumanQueue q = HumanQueue.open(run); HumanQueue other = HumanQueue.open(run)) {
            assertTrue(q.ask(Q1));
            assertFalse(q.ask(Q1));
            assertFalse(other.ask(Q1));
            assertEquals(List.of(Q1), other.pending());
            IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                    () -> other.ask(new Comparison(Q1.id(), Q1.prompt(), "new text", Q1.b())));
            assertTrue(changed.getMessage().startsWith("question 'r1-0' was asked before with other texts"),
                    changed.getMessage());
        }
        assertEquals(1, lines("requests.jsonl").size());
    }

    @Test
    void theFirstAnswerIsFinalAndUnknownIdsAreRefused() throws IOException {
        try (HumanQueue q = HumanQueue.open(run); HumanQueue other = HumanQueue.open(run)) {
            q.ask(Q1);
            q.answer(Q1.id(), Verdict.A, "ann");
            IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> other.answer(Q1.id(), Verdict.B, "bob"));
            assertTrue(twice.getMessage().startsWith("question 'r1-0' was already answered A by ann at "),
                    twice.getMessage());
            assertTrue(twice.getMessage().endsWith("; an answer is final"), twice.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> q.answer("r9-9", Verdict.A, "ann"));
            assertTrue(unknown.getMessage().startsWith("no question 'r9-9' in "), unknown.getMessage());
        }
        assertEquals(1, lines("answers.jsonl").size());
    }

    @Test
    void closingFailsTheQuestionsStillWaiting() throws IOException {
        PreferenceOracle oracle = humanOracle();
        CompletableFuture<Judgement> asked = oracle.judge(Q1);
        oracle.close();
        CompletionException e = assertThrows(CompletionException.class, asked::join);
        assertTrue(e.getCause().getMessage().contains("was closed before an answer came"), e.getMessage());
    }
}
