package org.preflab.engine.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.LossMath;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Objective;

/**
 * A Bradley-Terry reward model, as TRL's RewardTrainer trains one: the whole model and a scalar head, one forward
 * over the batch (each pair one row with its prompt fed once, {@link SequenceRewards#ofPairs}, where TRL feeds
 * [chosen; rejected] as separate rows), loss = −log σ(r_c − r_r) + c·(r_c + r_r)² averaged over pairs, c being
 * {@link RewardSettings#centerRewardsCoefficient()} (0: plain Bradley-Terry). Its metrics use RewardTrainer's names
 * (accuracy, margin) plus the mean reward of each side.
 */
public final class RewardObjective implements Objective<PairExample> {
    private final RewardHead head;
    private final double centerCoefficient;
    private final long padId;

    public RewardObjective(RewardHead head, RewardSettings settings, long padId) {
        this.head = head;
        this.centerCoefficient = settings.centerRewardsCoefficient();
        this.padId = padId;
    }

    @Override
    public String name() {
        return "reward";
    }

    @Override
    public Output compute(TransformerLM lm, List<PairExample> pairs, NDManager m) {
        Scored s = score(lm, pairs, m);
        return new Output(s.perPairLoss().mean(), s.metrics(), tokens(pairs));
    }

    /** The head, trained, clipped and checkpointed with the model. */
    @Override
    public Map<String, NDArray> extraParameters() {
        return head.parameters();
    }

    /** Rewards of both sides of a batch and the per-pair loss (with gradient when collected). */
    public Scored score(TransformerLM lm, List<PairExample> pairs, NDManager m) {
        int b = pairs.size();
        NDArray r = SequenceRewards.ofPairs(lm, head, pairs.stream().map(PairExample::pair).toList(), padId, m);
        NDArray chosen = r.get("0:" + b);
        NDArray rejected = r.get(b + ":");
        NDArray loss = LossMath.logSigmoid(chosen.sub(rejected)).neg();
        if (centerCoefficient > 0) { // skipped at 0 so that plain runs compute exactly −log σ
            loss = loss.add(chosen.add(rejected).square().mul(centerCoefficient));
        }
        return new Scored(chosen, rejected, loss);
    }

    /** One batch's rewards per side (N) and each pair's loss (N). */
    public record Scored(NDArray chosen, NDArray rejected, NDArray perPairLoss) {
        /** Detached scalar metrics by TRL RewardTrainer-like name; ties count as wrong (strict >), as in TRL. */
        public Map<String, NDArray> metrics() {
            NDArray c = chosen.stopGradient();
            NDArray r = rejected.stopGradient();
            Map<String, NDArray> out = new LinkedHashMap<>();
            out.put(MetricNames.ACCURACY, c.gt(r).toType(DataType.FLOAT32, false).mean());
            out.put(MetricNames.REWARDS_CHOSEN, c.mean());
            out.put(MetricNames.REWARDS_REJECTED, r.mean());
            out.put(MetricNames.MARGIN, c.sub(r).mean());
            return out;
        }
    }

    private static long tokens(List<PairExample> pairs) {
        long n = 0;
        for (PairExample p : pairs) {
            n += p.tokens();
        }
        return n;
    }
}
