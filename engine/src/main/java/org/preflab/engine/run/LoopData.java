package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.apl.PoolItem;
import org.preflab.engine.apl.PromptPool;
import org.preflab.engine.data.DatasetSplit;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.oracle.Oracles;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;
import org.preflab.engine.winrate.WinRate;

/**
 * What a label-efficient loop works from: the pool (data.train: pairs whose labels the dataset oracle hides, or
 * prompts only), the held-out prompts of the win rate (data.eval, or a seeded eval_fraction of the pool), the oracle,
 * and the evaluation that turns them into eval rows.
 */
final class LoopData {
    /** A held-out set's rows are written under this folder, one file per evaluated step. */
    static final String WINRATE_DIR = "winrate";

    private final List<PoolItem> pool;
    private final List<PoolItem> heldOut;
    private final TextTokenizer tok;
    private final NDManager root;

    private LoopData(List<PoolItem> pool, List<PoolItem> heldOut, TextTokenizer tok, NDManager root) {
        this.pool = pool;
        this.heldOut = heldOut;
        this.tok = tok;
        this.root = root;
    }

    static LoopData load(RunConfig cfg, PairSource source, TextTokenizer tok, NDManager root, RunRecorder recorder)
            throws IOException {
        Path train = Path.of(cfg.data().train());
        int[] counts = new int[2];
        List<PoolItem> pool = read(train, cfg, source, tok, counts);
        List<PoolItem> heldOut = List.of();
        if (cfg.data().eval() != null) {
            heldOut = read(Path.of(cfg.data().eval()), cfg, source, tok, counts);
        } else if (cfg.data().evalFraction() > 0) {
            DatasetSplit<PoolItem> split = DatasetSplit.byFraction(pool, cfg.data().evalFraction(), cfg.train().seed());
            pool = split.train();
            heldOut = split.eval();
        }
        recorder.dataCounts(pool.size(), heldOut.size(), counts[0], counts[1]);
        return new LoopData(pool, heldOut, tok, root);
    }

    private static List<PoolItem> read(Path file, RunConfig cfg, PairSource source, TextTokenizer tok, int[] counts)
            throws IOException {
        if (PromptPool.isPromptOnly(file)) {
            return PromptPool.readPrompts(file, tok, cfg.data().maxPromptLength());
        }
        PairSource.Loaded l = source.load(file, tok, Path.of(cfg.model()), cfg.data());
        counts[0] += l.truncated();
        counts[1] += l.dropped();
        return PromptPool.ofPairs(l.pairs(), tok);
    }

    List<PoolItem> pool() {
        return pool;
    }

    List<PoolItem> heldOut() {
        return heldOut;
    }

    /** The run's oracle; the dataset's labels are offered to it (pool and held-out pairs alike). */
    PreferenceOracle oracle(RunConfig cfg, Path runDir) throws IOException {
        List<PairExample> pairs = new ArrayList<>();
        for (List<PoolItem> items : List.of(pool, heldOut)) {
            items.stream().filter(p -> p.pair() != null).forEach(p -> pairs.add(p.pair()));
        }
        return createOracle(cfg, runDir, pairs, tok);
    }

    /**
     * A loop's oracle, offered the labels of {@code pairs} (prompt text -> {chosen, rejected} as the model sees them,
     * for oracles that look labels up). Relative paths meet the experiment's folder: runs_dir is resolved against it
     * and is "runs" inside it by default (a rules lexicon is absolute by now, see RunExecutor.resolvePaths).
     */
    static PreferenceOracle createOracle(RunConfig cfg, Path runDir, List<PairExample> pairs, TextTokenizer tok)
            throws IOException {
        Map<String, List<String[]>> labels = new HashMap<>();
        for (PairExample p : pairs) {
            labels.computeIfAbsent(tok.decode(p.prompt(), true), k -> new ArrayList<>()).add(new String[] {
                tok.decode(p.chosen(), true), tok.decode(p.rejected(), true)});
        }
        var o = cfg.oracle();
        Path base = Path.of(cfg.runsDir()).toAbsolutePath().getParent();
        return Oracles.create(o, new OracleProvider.Context(runDir, base, o.rules(), o.tieMargin(),
                o.model() == null ? null : Path.of(o.model()), labels));
    }

    /**
     * The win rate at {@code step} on the held-out prompts, as an eval row (with labels used and the stage), its
     * per-prompt rows in winrate/step-N.jsonl and an event. Skipped when there are no held-out prompts, and when this
     * step's row exists already (a run resumed after its evaluation).
     */
    void evaluate(RunRecorder recorder, TransformerLM policy, TransformerLM reference, PreferenceOracle oracle,
            RunConfig cfg, int step, int labelsUsed, int stage) throws IOException {
        List<WinRate.Prompt> prompts = heldOut.stream().map(p -> new WinRate.Prompt(p.prompt(), p.promptTokens()))
                .toList();
        recordWinRate(recorder, prompts, policy, reference, oracle, cfg, tok, root, step, labelsUsed, stage);
    }

    /** As {@link #evaluate}, for any loop: the held-out prompts given. */
    static void recordWinRate(RunRecorder recorder, List<WinRate.Prompt> prompts, TransformerLM policy,
            TransformerLM reference, PreferenceOracle oracle, RunConfig cfg, TextTokenizer tok, NDManager root,
            int step, int labelsUsed, int stage) throws IOException {
        if (prompts.isEmpty()) {
            return;
        }
        if (cfg.oracle().type().equals("human")) { // a person would be asked about every held-out prompt each round
            if (stage == 0) {
                recorder.event(step, RunEvent.WARNING, "no win rate: the oracle is a person, and judging "
                        + prompts.size() + " held-out prompts each round is not what their answers are for");
            }
            return;
        }
        RunLog log = RunLog.open(recorder.dir());
        String rateName = MetricNames.eval(MetricNames.WIN_RATE);
        String kl = MetricNames.eval(MetricNames.KL_SEQUENCE); // present even when the oracle judged none
        if (log.evals().stream().anyMatch(m -> m.step() == step && (m.values().containsKey(rateName)
                || m.values().containsKey(kl)))) { // a DPO eval row at the same step is not this one
            return;
        }
        WinRate.Result r = WinRate.evaluate(policy, reference, root, tok, prompts, cfg.winrate(), oracle,
                cfg.train().seed(), step, cfg.oracle().swap() == org.preflab.engine.oracle.OracleSettings.Swap.RANDOM);
        Map<String, Double> values = new LinkedHashMap<>(r.metrics());
        values.put(MetricNames.LABELS_USED, (double) labelsUsed);
        values.put(MetricNames.STAGE, (double) stage);
        recorder.folder().writeJsonLines(WINRATE_DIR + "/step-" + String.format("%06d", step) + ".jsonl", r.rows());
        recorder.eval(new StepMetrics(step, values), null, null);
        Double rate = r.metrics().get(MetricNames.eval(MetricNames.WIN_RATE));
        int judged = r.rows().size(); // winrate.max_prompts may use fewer than there are
        recorder.event(step, RunEvent.EVALUATION, rate == null ? "win rate: the oracle judged none of "
                + judged + " held-out prompts"
                : String.format(java.util.Locale.ROOT, "win rate against the reference %.3f [%.3f, %.3f] on %d "
                        + "held-out prompts, %d labels used", rate,
                        r.metrics().get(MetricNames.eval(MetricNames.WIN_RATE_LOW)),
                        r.metrics().get(MetricNames.eval(MetricNames.WIN_RATE_HIGH)), judged, labelsUsed));
    }
}
