package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.reward.RewardObjective;
import org.preflab.engine.train.MetricNames;

/** Evaluation of a reward model on held-out pairs: eval_ metrics (pair-weighted means) and per-pair rewards. */
final class RewardEvaluation {
    /** Metrics by eval_ name, and one row per pair for drill-down. */
    record Result(Map<String, Double> metrics, List<Map<String, Object>> perPair) {}

    private RewardEvaluation() {}

    /** Runs on the engine thread, whose grad mode is off, so nothing here records a graph. */
    static Result run(TransformerLM lm, RewardObjective objective, List<PairExample> pairs, int batchSize,
            NDManager parent) {
        Map<String, Double> sums = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int start = 0; start < pairs.size(); start += batchSize) {
            List<PairExample> batch = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                RewardObjective.Scored s = objective.score(lm, batch, m);
                double n = batch.size();
                sums.merge(MetricNames.LOSS, (double) s.perPairLoss().sum().getFloat(), Double::sum);
                s.metrics().forEach((k, v) -> sums.merge(k, v.getFloat() * n, Double::sum));
                float[] chosen = s.chosen().toFloatArray();
                float[] rejected = s.rejected().toFloatArray();
                float[] losses = s.perPairLoss().toFloatArray();
                for (int i = 0; i < batch.size(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("index", batch.get(i).index());
                    row.put("reward_chosen", chosen[i]);
                    row.put("reward_rejected", rejected[i]);
                    row.put("margin", chosen[i] - rejected[i]);
                    row.put("correct", chosen[i] > rejected[i]);
                    row.put("loss", losses[i]);
                    rows.add(row);
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(MetricNames.eval(k), v / pairs.size()));
        return new Result(out, rows);
    }
}
