package org.preflab.engine.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.train.MetricNames;

/** Evaluation of a DPO run on held-out pairs: eval_ metrics (pair-weighted means) and per-pair rewards. */
final class DpoEvaluation {
    /** Metrics by eval_ name, and one row per pair for drill-down. */
    record Result(Map<String, Double> metrics, List<Map<String, Object>> perPair) {}

    private DpoEvaluation() {}

    static Result run(TransformerLM lm, DpoObjective objective, CombinedLoss loss, List<PairExample> pairs,
            int batchSize, NDManager parent) {
        Map<String, Double> sums = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int start = 0; start < pairs.size(); start += batchSize) {
            List<PairExample> batch = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                DpoObjective.Scored s = objective.score(lm, batch, m, true);
                NDArray perPair = loss.perPairLoss(s.inputs());
                double n = batch.size();
                sums.merge(MetricNames.LOSS, (double) perPair.sum().getFloat(), Double::sum);
                s.metrics().forEach((k, v) -> sums.merge(k, v.getFloat() * n, Double::sum));
                float[][] rewards = s.rewards();
                float[] losses = perPair.toFloatArray();
                // The log-ratios and lengths let a reader place each pair on any loss curve (h, or h̄ for ipo).
                float[] chosenRatio = s.inputs().chosenLogRatio().toFloatArray();
                float[] rejectedRatio = s.inputs().rejectedLogRatio().toFloatArray();
                float[] chosenLen = s.inputs().chosenLengths().toFloatArray();
                float[] rejectedLen = s.inputs().rejectedLengths().toFloatArray();
                for (int i = 0; i < batch.size(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("index", batch.get(i).index());
                    row.put("reward_chosen", rewards[0][i]);
                    row.put("reward_rejected", rewards[1][i]);
                    row.put("margin", rewards[0][i] - rewards[1][i]);
                    row.put("correct", rewards[0][i] > rewards[1][i]);
                    row.put("loss", losses[i]);
                    row.put("chosen_logratio", chosenRatio[i]);
                    row.put("rejected_logratio", rejectedRatio[i]);
                    row.put("chosen_length", (int) chosenLen[i]);
                    row.put("rejected_length", (int) rejectedLen[i]);
                    rows.add(row);
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(MetricNames.eval(k), v / pairs.size()));
        return new Result(out, rows);
    }

    /** The eval pairs' texts as the model saw them (after truncation), by index: written once per run. */
    static List<Map<String, Object>> texts(org.preflab.engine.tokenize.TextTokenizer tok, List<PairExample> eval) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (PairExample p : eval) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", p.index());
            row.put("prompt", tok.decode(p.prompt(), true));
            row.put("chosen", tok.decode(p.chosen(), true));
            row.put("rejected", tok.decode(p.rejected(), true));
            rows.add(row);
        }
        return rows;
    }

    /** Greedy continuations of the first few eval prompts, so a user can read what the policy now says. */
    static List<Map<String, Object>> samples(TransformerLM policy, org.preflab.engine.tokenize.TextTokenizer tok,
            NDManager root, List<PairExample> eval) {
        List<PairExample> some = eval.subList(0, Math.min(4, eval.size()));
        List<long[]> prompts = some.stream().map(PairExample::prompt).toList();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(1);
        int room = Math.min(48, policy.config().maxPositions() - longest);
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        if (room <= 0) {
            return rows;
        }
        var gens = org.preflab.engine.compute.Generator.generate(policy, root, prompts,
                new org.preflab.engine.compute.SamplingConfig(0, 0, 1, room, tok.specialTokens().stopIds(), 0));
        for (int i = 0; i < some.size(); i++) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("index", some.get(i).index());
            row.put("prompt", tok.decode(some.get(i).prompt(), true));
            row.put("completion", tok.decode(gens.get(i).tokens(), true));
            row.put("chosen", tok.decode(some.get(i).chosen(), true));
            row.put("rejected", tok.decode(some.get(i).rejected(), true));
            rows.add(row);
        }
        return rows;
    }
}
