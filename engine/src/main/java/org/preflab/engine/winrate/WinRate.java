package org.preflab.engine.winrate;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.compute.Completions;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.MetricNames;

/**
 * Win rate of the policy against the reference on held-out prompts (algorithms.md §3c): each model samples one
 * completion per prompt with the same seeds, the oracle judges the two in a random order, a win counts 1 and a tie
 * ½, and the rate comes with a 95% Wilson interval. The same samples give the reward-versus-KL point: the oracle's
 * mean score of each side (when it scores) and the policy's sequence-level KL from the reference.
 */
public final class WinRate {
    /** Prompts sampled per batch: enough to keep the matrix products busy, small enough for a laptop's memory. */
    static final int BATCH = 32;

    private WinRate() {}

    /** A held-out prompt, as text and as the tokens the models see. */
    public record Prompt(String text, long[] tokens) {}

    /** The eval row's metrics (eval_ names) and one row per prompt for the run folder. */
    public record Result(Map<String, Double> metrics, List<Map<String, Object>> rows) {}

    /**
     * Evaluates at {@code step}: must run on the engine thread with grad mode off.
     *
     * @param swap whether A/B are shown in a random order (seeded by {@code seed} and {@code step})
     */
    public static Result evaluate(TransformerLM policy, TransformerLM reference, NDManager root, TextTokenizer tok,
            List<Prompt> prompts, WinRateSettings s, PreferenceOracle oracle, long seed, int step, boolean swap) {
        List<Prompt> used = s.maxPrompts() > 0 && prompts.size() > s.maxPrompts()
                ? prompts.subList(0, s.maxPrompts()) : prompts;
        List<long[]> tokens = used.stream().map(Prompt::tokens).toList();
        int longest = tokens.stream().mapToInt(t -> t.length).max().orElse(1);
        int room = Math.min(s.maxNewTokens(), policy.config().maxPositions() - longest);
        if (room < 1) {
            throw new IllegalArgumentException("held-out prompts of " + longest + " tokens leave no room to generate in "
                    + "the model's context of " + policy.config().maxPositions());
        }
        SamplingConfig cfg = new SamplingConfig(s.temperature(), 0, 1, room, tok.specialTokens().stopIds(), seed);
        List<Generation> mine = Completions.sample(policy, root, tokens, cfg, BATCH);
        List<Generation> theirs = Completions.sample(reference, root, tokens, cfg, BATCH);

        SplittableRandom coin = new SplittableRandom(seed * 31 + step);
        List<CompletableFuture<Judgement>> answers = new ArrayList<>();
        List<Boolean> swapped = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            String p = tok.decode(mine.get(i).tokens(), true);
            String r = tok.decode(theirs.get(i).tokens(), true);
            boolean sw = swap && coin.nextBoolean();
            texts.add(new String[] {p, r});
            swapped.add(sw);
            answers.add(oracle.judge(new Comparison("eval-" + step + "-" + i, used.get(i).text(), sw ? r : p,
                    sw ? p : r)));
        }
        double wins = 0;
        int judged = 0;
        double policyScore = 0;
        double referenceScore = 0;
        int scored = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            Judgement j = answers.get(i).join();
            boolean sw = swapped.get(i);
            double win = switch (j.verdict()) {
                case A -> sw ? 0 : 1;
                case B -> sw ? 1 : 0;
                case TIE -> 0.5;
                case SKIP -> Double.NaN;
            };
            if (!Double.isNaN(win)) {
                wins += win;
                judged++;
            }
            double ps = oracle.score(used.get(i).text(), texts.get(i)[0]);
            double rs = oracle.score(used.get(i).text(), texts.get(i)[1]);
            if (Double.isFinite(ps) && Double.isFinite(rs)) {
                policyScore += ps;
                referenceScore += rs;
                scored++;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("prompt", used.get(i).text());
            row.put("policy", texts.get(i)[0]);
            row.put("reference", texts.get(i)[1]);
            row.put("swapped", sw);
            row.put("verdict", j.verdict().name());
            row.put("win", Double.isNaN(win) ? null : win);
            row.put("note", j.note());
            rows.add(row);
        }
        List<ScoredSequence> seqs = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            seqs.add(new ScoredSequence(tokens.get(i), mine.get(i).tokens()));
        }
        double[] lp = Completions.logps(policy, root, seqs, tok.padIdOrEos(), BATCH);
        double[] lr = Completions.logps(reference, root, seqs, tok.padIdOrEos(), BATCH);
        double kl = 0;
        for (int i = 0; i < lp.length; i++) {
            kl += (lp[i] - lr[i]) / lp.length;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        double[] ci = WilsonInterval.of(wins, judged, WilsonInterval.Z95);
        if (judged > 0) { // every answer a skip leaves no rate (and JSON has no NaN)
            m.put(MetricNames.eval(MetricNames.WIN_RATE), wins / judged);
            m.put(MetricNames.eval(MetricNames.WIN_RATE_LOW), ci[0]);
            m.put(MetricNames.eval(MetricNames.WIN_RATE_HIGH), ci[1]);
        }
        m.put(MetricNames.eval(MetricNames.KL_SEQUENCE), kl);
        if (scored > 0) {
            m.put(MetricNames.eval(MetricNames.ORACLE_REWARD), policyScore / scored);
            m.put(MetricNames.eval(MetricNames.ORACLE_REWARD_REFERENCE), referenceScore / scored);
        }
        return new Result(m, rows);
    }
}
