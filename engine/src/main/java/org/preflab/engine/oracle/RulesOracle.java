package org.preflab.engine.oracle;

import java.util.concurrent.CompletableFuture;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;

/** Judges by a programmatic reward: the higher-scoring completion wins, scores within the tie margin tie. */
final class RulesOracle implements PreferenceOracle {
    private final RewardRules rules;
    private final double tieMargin;

    RulesOracle(RewardRules rules, double tieMargin) {
        this.rules = rules;
        this.tieMargin = tieMargin;
    }

    @Override
    public CompletableFuture<Judgement> judge(Comparison c) {
        try {
            double a = rules.score(c.a());
            double b = rules.score(c.b());
            return CompletableFuture.completedFuture(Judgement.fromScores(a, b, tieMargin, rules.explain(c.a(), c.b())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String describe() {
        return "rules: " + rules.describe();
    }

    /** The reward of the completion; the prompt is not looked at. */
    @Override
    public double score(String prompt, String completion) {
        return rules.score(completion);
    }
}
