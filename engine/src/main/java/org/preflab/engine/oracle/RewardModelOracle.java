package org.preflab.engine.oracle;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.reward.RewardModel;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * Judges by a trained reward model: the completion with the higher r(prompt, completion) wins, rewards within the
 * tie margin tie. Runs call it from the engine thread, so it computes there and returns a completed future.
 */
final class RewardModelOracle implements PreferenceOracle {
    private final RewardModel model;
    private final double tieMargin;

    RewardModelOracle(RewardModel model, double tieMargin) {
        this.model = model;
        this.tieMargin = tieMargin;
    }

    @Override
    public CompletableFuture<Judgement> judge(Comparison c) {
        try {
            double[] r = model.scores(c.prompt(), List.of(c.a(), c.b())); // one forward for both
            String note = String.format(Locale.ROOT, "reward model: A %.4f, B %.4f", r[0], r[1]);
            return CompletableFuture.completedFuture(Judgement.fromScores(r[0], r[1], tieMargin, note));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String describe() {
        return "reward model " + model.folder();
    }

    @Override
    public double score(String prompt, String completion) {
        return model.score(prompt, completion);
    }

    /** Frees the model. */
    @Override
    public void close() {
        model.close();
    }
}
