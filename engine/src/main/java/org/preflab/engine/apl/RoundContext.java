package org.preflab.engine.apl;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.preflab.engine.compute.Completions;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.Candidate;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * One acquisition attempt of one round: the current policy, the frozen reference, the pool and a seeded random
 * stream. Generation is batched; each score asked for is kept (with what was kept of it) for the round's record, and
 * the time spent generating and scoring is summed for the round's time split.
 */
public final class RoundContext implements AcquisitionContext {
    /** Sequences per generation or scoring batch. */
    public static final int BATCH_SIZE = 32;

    private final TransformerLM policy;
    private final TransformerLM reference;
    private final NDManager root;
    private final TextTokenizer tok;
    private final List<PoolItem> pool;
    private final Set<Integer> excluded;
    private final AplSettings s;
    private final SplittableRandom random;
    private final String idPrefix;
    private final List<ScoreRecord> scores = new ArrayList<>();
    private int made;
    private long generateNanos;
    private long scoreNanos;

    /** One score asked for in this attempt: its values in the order scored, and the positions kept. */
    public record ScoreRecord(String score, double[] values, int[] kept) {}

    /**
     * @param excluded pool items that may not be drawn (already labelled, in the offline setting)
     * @param idPrefix prefix of candidate ids, unique per round and attempt ("r2-a0-")
     */
    public RoundContext(TransformerLM policy, TransformerLM reference, NDManager root, TextTokenizer tok,
            List<PoolItem> pool, Set<Integer> excluded, AplSettings settings, long seed, String idPrefix) {
        this.policy = policy;
        this.reference = reference;
        this.root = root;
        this.tok = tok;
        this.pool = pool;
        this.excluded = excluded;
        this.s = settings;
        this.random = new SplittableRandom(seed);
        this.idPrefix = idPrefix;
    }

    @Override
    public List<Integer> draw(int count) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            if (!excluded.contains(i)) {
                free.add(i);
            }
        }
        // a partial Fisher-Yates shuffle: the first `count` are a uniform sample without replacement
        int n = Math.min(count, free.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(free.size() - i);
            Integer t = free.get(i);
            free.set(i, free.get(j));
            free.set(j, t);
        }
        return List.copyOf(free.subList(0, n));
    }

    @Override
    public double[] entropy(List<Integer> items) {
        int n = s.entropySamples();
        List<long[]> prompts = new ArrayList<>(items.size() * n);
        for (int item : items) {
            for (int k = 0; k < n; k++) {
                prompts.add(pool.get(item).promptTokens());
            }
        }
        List<long[]> completions = sample(prompts, s.entropyTemperature());
        List<ScoredSequence> seqs = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            seqs.add(new ScoredSequence(prompts.get(i), completions.get(i)));
        }
        double[] logp = score(policy, seqs);
        double[] h = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            for (int k = 0; k < n; k++) {
                h[i] -= logp[i * n + k] / n; // Ĥ = −mean log p over this prompt's own N samples
            }
        }
        scores.add(new ScoreRecord("entropy", h, null));
        return h;
    }

    @Override
    public List<Candidate> pairs(List<Integer> items) {
        List<Candidate> out = new ArrayList<>(items.size());
        if (s.pool() == AplSettings.Pool.PAIRS) {
            for (int item : items) {
                PoolItem p = pool.get(item);
                if (p.pair() == null) {
                    throw new IllegalStateException("apl.pool PAIRS needs a preference-pair file, not prompts only");
                }
                out.add(new Candidate(idPrefix + "c" + made++, item, p.prompt(), p.promptTokens(), p.pair().chosen(),
                        p.pair().rejected(), text(p.pair().chosen()), text(p.pair().rejected())));
            }
            return out;
        }
        List<long[]> prompts = new ArrayList<>(2 * items.size());
        for (int item : items) {
            prompts.add(pool.get(item).promptTokens());
            prompts.add(pool.get(item).promptTokens());
        }
        List<long[]> completions = sample(prompts, s.temperature());
        for (int i = 0; i < items.size(); i++) {
            PoolItem p = pool.get(items.get(i));
            long[] a = completions.get(2 * i);
            long[] b = completions.get(2 * i + 1);
            out.add(new Candidate(idPrefix + "c" + made++, items.get(i), p.prompt(), p.promptTokens(), a, b, text(a),
                    text(b)));
        }
        return out;
    }

    @Override
    public double[] certainty(List<Candidate> pairs) {
        List<ScoredSequence> seqs = new ArrayList<>(2 * pairs.size());
        for (Candidate c : pairs) {
            seqs.add(new ScoredSequence(c.promptTokens(), c.first()));
            seqs.add(new ScoredSequence(c.promptTokens(), c.second()));
        }
        double[] lp = score(policy, seqs);
        double[] lr = score(reference, seqs);
        double beta = s.certaintyBeta();
        double[] u = new double[pairs.size()];
        for (int i = 0; i < u.length; i++) {
            double ra = beta * (lp[2 * i] - lr[2 * i]);
            double rb = beta * (lp[2 * i + 1] - lr[2 * i + 1]);
            u[i] = Math.abs(ra - rb);
        }
        scores.add(new ScoreRecord("certainty", u, null));
        return u;
    }

    @Override
    public void kept(String score, int[] positions) {
        for (int i = scores.size() - 1; i >= 0; i--) {
            ScoreRecord r = scores.get(i);
            if (r.score().equals(score) && r.kept() == null) {
                scores.set(i, new ScoreRecord(score, r.values(), positions.clone()));
                return;
            }
        }
        throw new IllegalStateException("kept(\"" + score + "\") without that score asked for first");
    }

    @Override
    public int overgenerate() {
        return s.overgenerate();
    }

    @Override
    public int oversamplePrompts() {
        return s.oversamplePrompts();
    }

    public List<ScoreRecord> scores() {
        return List.copyOf(scores);
    }

    public double generateSeconds() {
        return generateNanos / 1e9;
    }

    public double scoreSeconds() {
        return scoreNanos / 1e9;
    }

    /** Completions of each prompt with a length drawn from [min, max] new tokens (the task's length range). */
    private List<long[]> sample(List<long[]> prompts, double temperature) {
        long t0 = System.nanoTime();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(1);
        int max = Math.min(s.maxNewTokens(), policy.config().maxPositions() - longest);
        if (max < 1) {
            throw new IllegalArgumentException("a prompt of " + longest + " tokens leaves no room to generate in the "
                    + "model's context of " + policy.config().maxPositions() + "; set data.max_prompt_length lower");
        }
        SamplingConfig cfg = new SamplingConfig(temperature, 0, 1, max, tok.specialTokens().stopIds(),
                random.nextLong());
        List<Generation> gens = Completions.sample(policy, root, prompts, cfg, BATCH_SIZE);
        List<long[]> out = new ArrayList<>(gens.size());
        for (Generation g : gens) {
            int len = Math.min(max, s.minNewTokens() + random.nextInt(s.maxNewTokens() - s.minNewTokens() + 1));
            long[] t = g.tokens();
            out.add(t.length > len ? java.util.Arrays.copyOf(t, len) : t);
        }
        generateNanos += System.nanoTime() - t0;
        return out;
    }

    private double[] score(TransformerLM lm, List<ScoredSequence> seqs) {
        long t0 = System.nanoTime();
        double[] out = Completions.logps(lm, root, seqs, tok.padIdOrEos(), BATCH_SIZE);
        scoreNanos += System.nanoTime() - t0;
        return out;
    }

    private String text(long[] ids) {
        return tok.decode(ids, true);
    }

    /** The round's record for events and the candidates file: each score's values and kept positions. */
    public Map<String, Object> scoresAsData() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ScoreRecord r : scores) {
            Map<String, Object> one = new LinkedHashMap<>();
            List<Double> v = new ArrayList<>(r.values().length);
            for (double d : r.values()) {
                v.add(d);
            }
            one.put("values", v);
            List<Integer> k = new ArrayList<>();
            if (r.kept() != null) {
                for (int i : r.kept()) {
                    k.add(i);
                }
            }
            one.put("kept", k);
            out.put(r.score(), one);
        }
        return out;
    }
}
