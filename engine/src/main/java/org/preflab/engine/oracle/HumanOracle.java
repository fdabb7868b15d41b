package org.preflab.engine.oracle;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * A person answers, through the run's {@link HumanQueue}: in the workbench or with {@code preflab label <run>}.
 * A question answered before a restart is answered again at once from answers.jsonl.
 */
final class HumanOracle implements PreferenceOracle {
    private final HumanQueue queue;

    HumanOracle(HumanQueue queue) {
        this.queue = queue;
    }

    @Override
    public CompletableFuture<Judgement> judge(Comparison c) {
        try {
            queue.ask(c);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return queue.answerFor(c.id()).thenApply(HumanAnswer::judgement);
    }

    @Override
    public String describe() {
        return "a person (questions wait in " + queue.folder() + "; answer in the workbench or with preflab label)";
    }

    @Override
    public void close() {
        queue.close();
    }
}
