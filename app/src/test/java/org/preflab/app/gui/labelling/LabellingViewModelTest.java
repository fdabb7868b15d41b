package org.preflab.app.gui.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.oracle.HumanAnswer;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;

/** Labelling without a robot, on a hand-written human queue in a run folder. */
class LabellingViewModelTest {
    @TempDir Path run;

    /** A run folder with a human oracle and three questions of round 2 (ids as the apl loop makes them). */
    static void askThree(Path run) throws Exception {
        Files.writeString(run.resolve("config.json"), "{\"method\": \"apl\", \"oracle\": {\"type\": \"human\"}}");
        try (HumanQueue q = HumanQueue.open(run)) {
            q.ask(new Comparison("r1-a0-0", "Once upon a time, Lily", " shared her toy.", " broke the toy."));
            q.ask(new Comparison("r1-a0-1", "Tom went to the park.", " He ran away.", " He gave mom a hug."));
            q.ask(new Comparison("eval-8-0", "Sue had a cat.", " The cat was happy.", " The cat was sad."));
        }
    }

    private LabellingViewModel open() throws Exception {
        LabellingViewModel vm = new LabellingViewModel(run, HumanQueue.open(run), "workbench:test",
                ModelThreads.direct());
        vm.start();
        return vm;
    }

    @Test
    void answersTheOldestQuestionAndMovesOn() throws Exception {
        askThree(run);
        try (LabellingViewModel vm = open()) {
            assertEquals("r1-a0-0", vm.currentProperty().get().id());
            assertEquals("0 answered, 3 waiting, round 2", vm.progressProperty().get());
            vm.answer(Verdict.A);
            assertEquals("r1-a0-1", vm.currentProperty().get().id());
            assertEquals("1 answered, 2 waiting, round 2", vm.progressProperty().get());
            assertEquals("Saved A is better for r1-a0-0. Answers are final.", vm.statusProperty().get());
            vm.answer(Verdict.TIE);
            assertTrue(vm.contextProperty().get().startsWith("Win-rate check"), vm.contextProperty().get());
            assertEquals("2 answered, 1 waiting", vm.progressProperty().get());
            vm.answer(Verdict.SKIP);
            assertNull(vm.currentProperty().get());
            assertEquals("3 answered, 0 waiting. Nothing to answer, and the run is not going: resume it for more "
                    + "questions.", vm.progressProperty().get(), "no process holds the run's lock");
            assertEquals(List.of("eval-8-0", "r1-a0-1", "r1-a0-0"), vm.recent().stream().map(HumanAnswer::id).toList(),
                    "newest first");
            vm.answer(Verdict.A); // nothing shown: nothing written
        }
        try (HumanQueue q = HumanQueue.open(run)) {
            assertEquals(List.of(Verdict.A, Verdict.TIE, Verdict.SKIP),
                    q.answers().stream().map(HumanAnswer::verdict).toList());
            assertTrue(q.answers().stream().allMatch(a -> a.who().equals("workbench:test")));
        }
    }

    @Test
    void questionsAndAnswersFromElsewhereArriveLive() throws Exception {
        askThree(run);
        try (LabellingViewModel vm = open(); HumanQueue terminal = HumanQueue.open(run)) {
            terminal.answer("r1-a0-0", Verdict.B, "terminal:ann"); // preflab label in another terminal
            waitFor(() -> vm.currentProperty().get().id().equals("r1-a0-1"));
            assertEquals("terminal:ann", vm.recent().get(0).who());
            terminal.ask(new Comparison("r2-a0-0", "Max saw a bird.", " He helped it.", " He ran."));
            waitFor(() -> vm.progressProperty().get().startsWith("1 answered, 3 waiting"));
        }
    }

    @Test
    void anAnswerGivenElsewhereFirstStandsAndTheViewSaysSo() throws Exception {
        askThree(run);
        // results wait in a queue until the test applies them, as they wait for the FX thread in the workbench
        java.util.Queue<Runnable> fx = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Runnable drain = () -> {
            for (Runnable r = fx.poll(); r != null; r = fx.poll()) {
                r.run();
            }
        };
        try (LabellingViewModel vm = new LabellingViewModel(run, HumanQueue.open(run), "workbench:test",
                new ModelThreads(Runnable::run, fx::add)); HumanQueue terminal = HumanQueue.open(run)) {
            vm.start();
            drain.run();
            terminal.answer("r1-a0-0", Verdict.B, "terminal:ann");
            vm.answer(Verdict.A); // the view still shows r1-a0-0: it has not heard of the other answer yet
            drain.run();
            assertTrue(vm.statusProperty().get().startsWith("Not saved: question 'r1-a0-0' was already answered B"),
                    vm.statusProperty().get());
            assertEquals("r1-a0-1", vm.currentProperty().get().id(), "read again after the refusal");
        }
        try (HumanQueue q = HumanQueue.open(run)) {
            assertEquals(1, q.answers().size());
            assertEquals(Verdict.B, q.answers().get(0).verdict());
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
