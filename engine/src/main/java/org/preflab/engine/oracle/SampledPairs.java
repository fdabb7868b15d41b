package org.preflab.engine.oracle;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.apl.PoolItem;
import org.preflab.engine.compute.Completions;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * A preference dataset made from a model's own completions: each prompt is completed {@code samples} times; the
 * oracle's best and worst become chosen and rejected. Pairs from the model being tuned are on-policy, so its implicit
 * reward starts with no opinion about them: what the oracle prefers must be learnt, not recognised (the opposite of
 * hand-written pairs that differ in obvious words). With two samples and an oracle that only compares (a person, a
 * plugin), the oracle's verdict decides; ties and skips drop the prompt.
 */
public final class SampledPairs {
    private static final int BATCH = 16;

    /** How to sample; {@code minGap} drops pairs whose oracle scores differ by no more than it. */
    public record Settings(int samples, double temperature, int maxNewTokens, long seed, double minGap) {
        public Settings {
            if (samples < 2) {
                throw new IllegalArgumentException("samples must be at least 2 (a pair needs two completions), got "
                        + samples);
            }
            if (temperature <= 0) {
                throw new IllegalArgumentException("temperature must be above 0 (greedy completions are all the same), "
                        + "got " + temperature);
            }
        }
    }

    /** One pair with what the oracle said (scores are NaN for an oracle that only compares). */
    public record Pair(String prompt, String chosen, String rejected, double chosenScore, double rejectedScore) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prompt", prompt);
            m.put("chosen", chosen);
            m.put("rejected", rejected);
            if (Double.isFinite(chosenScore) && Double.isFinite(rejectedScore)) {
                m.put("score_chosen", chosenScore);
                m.put("score_rejected", rejectedScore);
            }
            return m;
        }
    }

    /** The pairs made, and how many prompts gave none (all completions judged equal, or skipped). */
    public record Result(List<Pair> pairs, int dropped) {}

    private SampledPairs() {}

    /** Must run on the engine thread (grad mode off). */
    public static Result make(TransformerLM lm, NDManager root, TextTokenizer tok, List<PoolItem> prompts,
            PreferenceOracle oracle, Settings s) {
        List<long[]> tokens = prompts.stream().map(PoolItem::promptTokens).toList();
        List<String> decodedPrompts = tokens.stream().map(t -> tok.decode(t, true)).toList();
        List<List<String>> completions = new ArrayList<>();
        prompts.forEach(p -> completions.add(new ArrayList<>()));
        for (int k = 0; k < s.samples(); k++) { // a different seed per round of samples, the same per prompt batch
            SamplingConfig cfg = new SamplingConfig(s.temperature(), 0, 1, s.maxNewTokens(),
                    tok.specialTokens().stopIds(), s.seed() * 1_000_003L + k * 7919L);
            List<Generation> out = Completions.sample(lm, root, tokens, cfg, BATCH);
            for (int i = 0; i < out.size(); i++) {
                completions.get(i).add(completionText(tok, tokens.get(i), decodedPrompts.get(i), out.get(i).tokens()));
            }
        }
        List<Pair> pairs = new ArrayList<>();
        int dropped = 0;
        List<double[]> scores = new ArrayList<>(); // each completion's score, or null for an oracle that only compares
        List<CompletableFuture<Judgement>> verdicts = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            List<String> c = completions.get(i);
            double[] sc = scores(oracle, prompts.get(i).prompt(), c);
            scores.add(sc);
            verdicts.add(sc != null ? null
                    : oracle.judge(new Comparison("pair-" + i, prompts.get(i).prompt(), c.get(0), c.get(1))));
        }
        for (int i = 0; i < prompts.size(); i++) {
            Pair p = verdicts.get(i) == null ? byScore(prompts.get(i).prompt(), completions.get(i), scores.get(i),
                    s.minGap()) : byVerdict(prompts.get(i).prompt(), completions.get(i), verdicts.get(i).join());
            if (p == null) {
                dropped++;
            } else {
                pairs.add(p);
            }
        }
        return new Result(pairs, dropped);
    }

    /**
     * The completion as it reads after the prompt, leading space included: a SentencePiece tokenizer decodes a
     * completion alone without the space its first word has after the prompt.
     */
    static String completionText(TextTokenizer tok, long[] prompt, String decodedPrompt, long[] completion) {
        long[] all = java.util.Arrays.copyOf(prompt, prompt.length + completion.length);
        System.arraycopy(completion, 0, all, prompt.length, completion.length);
        String whole = tok.decode(all, true);
        return whole.startsWith(decodedPrompt) ? whole.substring(decodedPrompt.length()) : tok.decode(completion, true);
    }

    /** The oracle's score of each completion, or null when it has none (it only compares). */
    private static double[] scores(PreferenceOracle oracle, String prompt, List<String> completions) {
        double[] score = new double[completions.size()];
        for (int k = 0; k < score.length; k++) {
            score[k] = oracle.score(prompt, completions.get(k));
            if (!Double.isFinite(score[k])) {
                return null;
            }
        }
        return score;
    }

    private static Pair byScore(String prompt, List<String> completions, double[] score, double minGap) {
        int best = -1;
        int worst = -1;
        for (int k = 0; k < completions.size(); k++) {
            if (best < 0 || score[k] > score[best]) {
                best = k;
            }
            if (worst < 0 || score[k] < score[worst]) {
                worst = k;
            }
        }
        if (score[best] - score[worst] <= minGap || completions.get(best).equals(completions.get(worst))) {
            return null;
        }
        return new Pair(prompt, completions.get(best), completions.get(worst), score[best], score[worst]);
    }

    private static Pair byVerdict(String prompt, List<String> c, Judgement j) {
        return switch (j.verdict()) {
            case A -> new Pair(prompt, c.get(0), c.get(1), Double.NaN, Double.NaN);
            case B -> new Pair(prompt, c.get(1), c.get(0), Double.NaN, Double.NaN);
            case TIE, SKIP -> null;
        };
    }
}
