package org.preflab.engine.spa;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.compute.Completions;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * SPA's direct preference judgment (algorithms.md §4b, steps a and b): K responses per prompt sampled from π_{i−1},
 * each scored by its implicit reward r(x,y) = log π_{i−1}(y|x) − log π_S(y|x) against the <em>initial</em> model S
 * (summed completion log-probs; β only scales it), the highest reward chosen and the lowest rejected. A prompt whose
 * responses are all the same (or tie in reward) gives no pair. Must run with grad mode off (the engine thread's
 * default).
 */
public final class SelfLabeler {
    private SelfLabeler() {}

    /** A pool prompt: its pair's index in the data file, its token ids and its text. */
    public record Prompt(int index, long[] ids, String text) {}

    /**
     * One self-labelled pair.
     *
     * @param promptIndex the index of the data pair whose prompt this is
     * @param rewards r of each of the K samples, in sampling order
     * @param chosenSample which sample became chosen (highest r)
     * @param rejectedSample which sample became rejected (lowest r)
     */
    public record Pair(int promptIndex, long[] prompt, String promptText, long[] chosen, String chosenText,
            long[] rejected, String rejectedText, double[] rewards, int chosenSample, int rejectedSample) {
        public double rewardChosen() {
            return rewards[chosenSample];
        }

        public double rewardRejected() {
            return rewards[rejectedSample];
        }

        /** The pair for training, under a run-wide index (it keys cached reference log-probs). */
        public PairExample example(int index) {
            return new PairExample(index, prompt, chosen, rejected, chosenText, rejectedText);
        }

        /** The pair as one JSON row of spa/iteration-N/pairs.jsonl. */
        public Map<String, Object> toRow() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("prompt_index", promptIndex);
            r.put("prompt", promptText);
            r.put("chosen", chosenText);
            r.put("rejected", rejectedText);
            r.put("reward_chosen", rewardChosen());
            r.put("reward_rejected", rewardRejected());
            r.put("rewards", rewards);
            r.put("chosen_sample", chosenSample);
            r.put("rejected_sample", rejectedSample);
            r.put("prompt_ids", prompt);
            r.put("chosen_ids", chosen);
            r.put("rejected_ids", rejected);
            return r;
        }

        /** A row written by {@link #toRow}, as read back by Jackson into maps and lists. */
        public static Pair fromRow(Map<String, Object> r) {
            List<?> rw = (List<?>) r.get("rewards");
            double[] rewards = new double[rw.size()];
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = ((Number) rw.get(i)).doubleValue();
            }
            return new Pair(((Number) r.get("prompt_index")).intValue(), ids(r.get("prompt_ids")),
                    (String) r.get("prompt"), ids(r.get("chosen_ids")), (String) r.get("chosen"),
                    ids(r.get("rejected_ids")), (String) r.get("rejected"), rewards,
                    ((Number) r.get("chosen_sample")).intValue(), ((Number) r.get("rejected_sample")).intValue());
        }

        private static long[] ids(Object list) {
            return ((List<?>) list).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        }
    }

    /**
     * An iteration's self-labels and what making them took.
     *
     * @param skipped prompts that gave no pair (identical responses or tied rewards)
     * @param truncated responses cut to fit data.max_length
     */
    public record Result(List<Pair> pairs, int prompts, int samples, int skipped, int truncated,
            double generateSeconds, double scoreSeconds) {}

    /**
     * Samples, scores and labels.
     *
     * @param policy π_{i−1}, which samples and is judged
     * @param initial S, the configured model
     * @param maxLength data.max_length: a response is cut so prompt + response fit it
     * @param seed the sampling seed (batch k samples with seed + k)
     * @param batchSize prompts per generation batch (each with its K samples) and pairs per scoring batch
     */
    public static Result label(TransformerLM policy, TransformerLM initial, TextTokenizer tok, List<Prompt> prompts,
            SpaSettings s, int maxLength, long seed, int batchSize, NDManager root) {
        int k = s.samplesPerPrompt();
        int longest = prompts.stream().mapToInt(p -> p.ids().length).max().orElse(1);
        int maxNew = Math.min(s.maxNewTokens(), policy.config().maxPositions() - longest);
        if (maxNew < 1) {
            throw new IllegalArgumentException("a pool prompt of " + longest + " tokens leaves no room for a response "
                    + "in the model's context of " + policy.config().maxPositions());
        }
        List<long[]> expanded = new ArrayList<>(prompts.size() * k);
        prompts.forEach(p -> {
            for (int j = 0; j < k; j++) {
                expanded.add(p.ids());
            }
        });
        long t0 = System.nanoTime();
        SamplingConfig cfg = new SamplingConfig(s.temperature(), 0, s.topP(), maxNew, tok.specialTokens().stopIds(),
                seed);
        List<Generation> gens = Completions.sample(policy, root, expanded, cfg, batchSize * k);
        long t1 = System.nanoTime();
        int truncated = 0;
        List<ScoredSequence> seqs = new ArrayList<>(expanded.size());
        for (int i = 0; i < gens.size(); i++) {
            long[] prompt = expanded.get(i);
            long[] y = gens.get(i).tokens();
            int room = Math.max(1, maxLength - prompt.length);
            if (y.length > room) {
                y = Arrays.copyOf(y, room);
                truncated++;
            }
            seqs.add(new ScoredSequence(prompt, y));
        }
        long pad = tok.padIdOrEos();
        double[] now = Completions.logps(policy, root, seqs, pad, 2 * batchSize);
        double[] base = Completions.logps(initial, root, seqs, pad, 2 * batchSize);
        long t2 = System.nanoTime();
        List<Pair> pairs = new ArrayList<>();
        int skipped = 0;
        for (int p = 0; p < prompts.size(); p++) {
            double[] r = new double[k];
            int best = 0;
            int worst = 0;
            boolean allSame = true;
            for (int j = 0; j < k; j++) {
                int i = p * k + j;
                r[j] = now[i] - base[i];
                best = r[j] > r[best] ? j : best;
                worst = r[j] < r[worst] ? j : worst;
                allSame &= Arrays.equals(seqs.get(i).completion(), seqs.get(p * k).completion());
            }
            if (allSame || best == worst) {
                skipped++;
                continue;
            }
            Prompt pr = prompts.get(p);
            long[] chosen = seqs.get(p * k + best).completion();
            long[] rejected = seqs.get(p * k + worst).completion();
            pairs.add(new Pair(pr.index(), pr.ids(), pr.text(), chosen, tok.decode(chosen, true), rejected,
                    tok.decode(rejected, true), r, best, worst));
        }
        return new Result(pairs, prompts.size(), expanded.size(), skipped, truncated, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
    }
}
