package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.oracle.OracleSettings;
import org.preflab.engine.spa.NoiseAwareObjective;
import org.preflab.engine.spa.OracleAgreement;
import org.preflab.engine.spa.SelfLabeler;
import org.preflab.engine.spa.SpaSettings;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.TrainConfig;
import org.preflab.engine.train.Trainer;

/**
 * Self-generated preferences (SPA, algorithms.md §4) as stages of one run. data.train is shuffled with train.seed;
 * the first ceil(seed_fraction·N) pairs keep their labels (the seed), the other pairs give prompts only, split into
 * {@code iterations} equal pools.
 *
 * <ul>
 *   <li>Stage 0: DPO on the seed with the configured loss, reference S (the configured model), train.epochs.
 *   <li>Stage i = 1..I: K responses per pool-i prompt sampled from π_{i−1}; each judged by its implicit reward
 *       log π_{i−1}(y|x) − log π_S(y|x), highest chosen, lowest rejected; then π_i trained from π_{i−1} with
 *       reference π_{i−1} (saved in references/stage-i) and the noise-aware loss, for spa.iteration_epochs.
 * </ul>
 *
 * Durability: an iteration's self-labels are written to spa/iteration-i/ (atomically, before training on them) and
 * reused on resume, never regenerated; the loss's recorded margins ride in each checkpoint's run state.
 */
final class SpaIterations {
    /** Each iteration's self-labelling: counts, time split and the oracle's agreement (event data). */
    static final String SELF_LABELS = "self_labels";
    /** Where a checkpoint keeps the noise-aware loss's recorded margins. */
    static final String MARGINS_STATE = "spa_margins";
    /** Where a checkpoint keeps the seconds spent training the current iteration so far. */
    static final String TRAIN_SECONDS_STATE = "spa_train_s";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final RunConfig cfg;
    private final SpaSettings spa;
    private final RunRecorder recorder;
    private final RunFolder folder;
    private final TextTokenizer tok;
    private final NDManager root;
    private final RunControl control;
    private final Path modelDir;
    private final PreferenceStages stages;
    private PreferenceOracle oracle;
    /** Set by {@link #run}: what the win rate needs (the held-out prompts, the initial model, the split). */
    private List<org.preflab.engine.winrate.WinRate.Prompt> heldOut = List.of();
    private PreferenceStages.LazyModel initialModel;
    private Split split;
    private int seedSize;

    SpaIterations(RunConfig cfg, RunRecorder recorder, PairSource source, PreferenceLosses losses, TextTokenizer tok,
            NDManager root, RunControl control) {
        this.cfg = cfg;
        this.spa = cfg.spa();
        this.recorder = recorder;
        this.folder = recorder.folder();
        this.tok = tok;
        this.root = root;
        this.control = control;
        this.modelDir = Path.of(cfg.model());
        this.stages = new PreferenceStages(cfg, recorder, source, losses, tok, root, control);
    }

    /**
     * The seed pairs and the prompt pools of the iterations; {@code poolPairs} are the pools' data pairs, whose labels
     * SPA never trains on (an oracle that looks labels up may use them).
     */
    record Split(List<PairExample> seed, List<List<SelfLabeler.Prompt>> pools, List<PairExample> poolPairs) {}

    boolean run(Path ckpt) throws IOException {
        PreferenceStages.Data data = stages.loadData();
        Split split = split(data.train());
        this.split = split;
        this.seedSize = split.seed().size();
        this.heldOut = data.eval().stream().map(p -> new org.preflab.engine.winrate.WinRate.Prompt(
                tok.decode(p.prompt(), true), p.prompt())).toList();
        TrainConfig iterTrain = iterationTrain();
        Map<String, Object> state = ckpt == null ? Map.of() : Checkpoints.runState(ckpt);
        int first = state.get("stage") instanceof Number n ? n.intValue() : 0;
        int seedSteps = cfg.train().totalSteps(split.seed().size());
        // Planned: prompts whose responses are all alike give no pair, so an iteration may end up shorter.
        int planned = seedSteps;
        for (List<SelfLabeler.Prompt> pool : split.pools()) {
            planned += iterTrain.totalSteps(pool.size());
        }
        if (ckpt == null) {
            recordPlan(split);
        }
        recorder.start(ckpt == null ? 0 : RunExecutor.globalStep(ckpt), planned);
        HealthMonitor health = new HealthMonitor(planned);
        if (ckpt != null) {
            health.replay(RunLog.open(folder.dir()).train()); // metrics.jsonl ends at the checkpoint by now
        }
        try (TransformerLM policy = ModelIO.load(ckpt == null ? modelDir : ckpt, root);
                PreferenceStages.LazyModel initial = new PreferenceStages.LazyModel(modelDir, root)) {
            this.initialModel = initial;
            if (first == 0 && !seedStage(policy, split.seed(), data.eval(), ckpt, health)) {
                return false;
            }
            int offset = seedSteps;
            for (int i = Math.max(1, first); i <= spa.iterations(); i++) {
                boolean resuming = ckpt != null && i == first;
                if (resuming) {
                    offset = ((Number) state.get("step_offset")).intValue();
                }
                Labels labels = selfLabels(i, policy, initial, split, resuming);
                if (labels.pairs().isEmpty()) {
                    recorder.event(offset, RunEvent.WARNING, "SPA iteration " + i + ": every prompt's responses were "
                            + "alike, so there is nothing to train on; the model stays as it is");
                    recordLabels(i, labels, 0, offset);
                    continue;
                }
                int steps = iteration(i, policy, labels, split.seed().size(), data.eval(), offset,
                        resuming ? ckpt : null, state, health);
                if (steps < 0) {
                    return false;
                }
                offset += steps;
            }
        } finally {
            if (oracle != null) {
                oracle.close();
            }
        }
        return true;
    }

    /** Stage 0: DPO on the seed pairs against the configured model. */
    private boolean seedStage(TransformerLM policy, List<PairExample> seed, List<PairExample> eval, Path ckpt,
            HealthMonitor health) throws IOException {
        long pad = tok.padIdOrEos();
        try (PreferenceStages.References refs = stages.references(modelDir, seed, seed, eval, policy, null,
                cfg.dpo().reference().equals("model"))) {
            DpoObjective objective = new DpoObjective(stages.loss(), cfg.dpo(), refs.train(), pad);
            DpoObjective evalObjective = new DpoObjective(stages.loss(), cfg.dpo(), refs.eval(), pad);
            StageLoop loop = new StageLoop(recorder, control, health, modelDir, cfg.train().checkpointEvery(),
                    cfg.evalEvery()).rowValues(Map.of(MetricNames.LABELS_USED, (double) seed.size(),
                            MetricNames.SPA_SELF_LABELS, 0.0));
            try (Trainer<PairExample> trainer = new Trainer<>(policy, cfg.train(), objective, seed, root)) {
                if (ckpt != null) {
                    Checkpoints.restore(trainer, ckpt);
                }
                if (!loop.run(trainer, 0, 0, evaluation(policy, evalObjective, eval))) {
                    return false;
                }
                evaluateWinRate(0, policy, trainer.totalSteps());
            }
        }
        return true;
    }

    /** Iteration i's training (step c); returns its step count, or -1 when stopped. */
    private int iteration(int i, TransformerLM policy, Labels labels, int seedSize, List<PairExample> eval,
            int offset, Path ckpt, Map<String, Object> state, HealthMonitor health) throws IOException {
        long pad = tok.padIdOrEos();
        Path refDir = stages.saveReference(i, policy, ckpt != null, offset, "SPA iteration " + i
                + ": the reference is now the model trained " + (i == 1 ? "on the seed" : "in iteration " + (i - 1)));
        List<PairExample> train = new ArrayList<>(labels.pairs().size());
        for (int n = 0; n < labels.pairs().size(); n++) {
            train.add(labels.pairs().get(n).example(n));
        }
        // The decoupled logits need the reference's logits, not only its log-probs: then it is a loaded model.
        boolean loaded = cfg.dpo().reference().equals("model") || spa.decouple() != 1;
        try (PreferenceStages.References refs = stages.references(refDir, train, train, eval, policy, null, loaded)) {
            DpoObjective scoring = new DpoObjective(stages.loss(), cfg.dpo(), refs.train(), pad);
            NoiseAwareObjective objective = new NoiseAwareObjective(scoring, spa,
                    spa.decouple() != 1 ? refs.frozen() : null, pad);
            DpoObjective evalObjective = new DpoObjective(stages.loss(), cfg.dpo(), refs.eval(), pad);
            try (Trainer<PairExample> trainer = new Trainer<>(policy, iterationTrain(), objective, train, root)) {
                objective.follow(() -> trainer.state().step(), trainer.totalSteps());
                if (ckpt != null) {
                    Checkpoints.restore(trainer, ckpt);
                    if (state.get(MARGINS_STATE) instanceof List<?> saved) {
                        objective.threshold().restore(saved.stream().map(v -> (Number) v).toList());
                    }
                }
                Map<String, Double> row = new LinkedHashMap<>();
                row.put(MetricNames.LABELS_USED, (double) seedSize);
                row.put(MetricNames.SPA_SELF_LABELS, (double) train.size());
                double agreement = labels.agreement();
                if (Double.isFinite(agreement)) {
                    row.put(MetricNames.SPA_ORACLE_AGREEMENT, agreement);
                }
                // training time across resumes: what earlier processes spent, as their last checkpoint saved it
                double before = ckpt != null && state.get(TRAIN_SECONDS_STATE) instanceof Number n
                        ? n.doubleValue() : 0;
                long t0 = System.nanoTime();
                java.util.function.DoubleSupplier trainSeconds = () -> before + (System.nanoTime() - t0) / 1e9;
                StageLoop loop = new StageLoop(recorder, control, health, modelDir, cfg.train().checkpointEvery(),
                        cfg.evalEvery()).rowValues(row)
                        .runState(() -> Map.of(MARGINS_STATE, objective.threshold().values(),
                                TRAIN_SECONDS_STATE, trainSeconds.getAsDouble()));
                if (!loop.run(trainer, i, offset, evaluation(policy, evalObjective, eval))) {
                    return -1;
                }
                int end = offset + trainer.totalSteps();
                recordLabels(i, labels, trainSeconds.getAsDouble(), end);
                evaluateWinRate(i, policy, end);
                return trainer.totalSteps();
            }
        }
    }

    /**
     * The win rate of the policy against the initial model on the held-out pairs' prompts, judged by the oracle,
     * after each stage's training (stage 0 is the seed DPO); a resumed run skips a step already evaluated.
     */
    private void evaluateWinRate(int stage, TransformerLM policy, int step) throws IOException {
        if (heldOut.isEmpty() || cfg.oracle().type().equals("dataset")) {
            return; // the dataset's labels cannot judge sampled completions
        }
        LoopData.recordWinRate(recorder, heldOut, policy, initialModel.get(), oracle(split), cfg, tok, root, step,
                seedSize, stage);
    }

    private IntFunction<Void> evaluation(TransformerLM policy, DpoObjective objective, List<PairExample> eval) {
        return eval.isEmpty() ? null : step -> stages.evaluate(policy, objective, eval, step);
    }

    /** Iteration i's training settings: train's, with spa.iteration_epochs as the epochs. */
    private TrainConfig iterationTrain() {
        TrainConfig t = cfg.train();
        return new TrainConfig(t.learningRate(), t.schedule(), t.warmupSteps(), t.weightDecay(), t.beta1(), t.beta2(),
                t.adamEps(), t.maxGradNorm(), t.microBatchSize(), t.gradAccumulation(), spa.iterationEpochs(),
                t.maxSteps(), t.seed(), t.checkpointEvery());
    }

    /** The seeded shuffle into the seed and the iterations' prompt pools (sizes differ by at most one). */
    Split split(List<PairExample> train) {
        List<PairExample> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, new Random(cfg.train().seed()));
        int n = shuffled.size();
        int seedSize = (int) Math.ceil(spa.seedFraction() * n - 1e-9);
        int prompts = n - seedSize;
        if (seedSize < 1 || prompts < spa.iterations()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "spa: %d training pairs with seed_fraction "
                    + "%s give %d seed pairs and %d prompts; %d iterations need at least one seed pair and one "
                    + "prompt each", n, spa.seedFraction(), seedSize, prompts, spa.iterations()));
        }
        List<List<SelfLabeler.Prompt>> pools = new ArrayList<>();
        int start = seedSize;
        for (int i = 0; i < spa.iterations(); i++) {
            int size = prompts / spa.iterations() + (i < prompts % spa.iterations() ? 1 : 0);
            List<SelfLabeler.Prompt> pool = new ArrayList<>(size);
            for (PairExample p : shuffled.subList(start, start + size)) {
                pool.add(new SelfLabeler.Prompt(p.index(), p.prompt(), tok.decode(p.prompt(), true)));
            }
            pools.add(pool);
            start += size;
        }
        return new Split(List.copyOf(shuffled.subList(0, seedSize)), pools,
                List.copyOf(shuffled.subList(seedSize, n)));
    }

    private void recordPlan(Split split) throws IOException {
        List<Integer> sizes = split.pools().stream().map(List::size).toList();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("seed_pairs", split.seed().size());
        d.put("iterations", spa.iterations());
        d.put("pool_prompts", sizes.toString());
        recorder.event(new RunEvent(java.time.Instant.now(), 0, "spa_plan", "SPA: DPO on " + split.seed().size()
                + " labelled seed pairs, then " + spa.iterations() + " self-labelled iterations on " + sizes
                + " prompts", d));
    }

    // ---- self-labels on disk: spa/iteration-i/{generation.json, pairs.jsonl, oracle.jsonl, labels.json} ----

    private static String dir(int i) {
        return "spa/iteration-" + i + "/";
    }

    /** An iteration's self-labelled pairs and their summary (labels.json: counts, times, the oracle's agreement). */
    record Labels(List<SelfLabeler.Pair> pairs, Map<String, Object> summary) {
        double agreement() {
            return summary.get("oracle_agreement") instanceof Number n ? n.doubleValue() : Double.NaN;
        }
    }

    /**
     * Iteration i's self-labelled pairs: read back when an earlier attempt wrote them, else generated with the
     * policy (π_{i−1} at this point), scored, written, then checked against the oracle where one can judge text.
     *
     * @param resuming the run resumes inside iteration i: its labels must be on disk (the policy has moved on)
     */
    private Labels selfLabels(int i, TransformerLM policy, PreferenceStages.LazyModel initial, Split split,
            boolean resuming) throws IOException {
        Path pairsFile = folder.dir().resolve(dir(i) + "pairs.jsonl");
        Path genFile = folder.dir().resolve(dir(i) + "generation.json");
        List<SelfLabeler.Pair> pairs;
        Map<String, Object> gen;
        if (Files.isRegularFile(pairsFile) && Files.isRegularFile(genFile)) {
            pairs = RunLog.jsonLines(pairsFile).stream().map(SelfLabeler.Pair::fromRow).toList();
            gen = readJson(genFile);
        } else if (resuming) {
            throw new IOException(pairsFile + " is missing: iteration " + i + "'s self-labels cannot be made again "
                    + "from a checkpoint taken while training on them");
        } else {
            List<SelfLabeler.Prompt> pool = split.pools().get(i - 1);
            SelfLabeler.Result r = SelfLabeler.label(policy, initial.get(), tok, pool, spa, cfg.data().maxLength(),
                    samplingSeed(i), cfg.train().microBatchSize(), root);
            pairs = r.pairs();
            gen = new LinkedHashMap<>();
            gen.put("iteration", i);
            gen.put("prompts", r.prompts());
            gen.put("samples", r.samples());
            gen.put("pairs", pairs.size());
            gen.put("skipped_alike", r.skipped());
            gen.put("truncated", r.truncated());
            gen.put("generate_s", r.generateSeconds());
            gen.put("score_s", r.scoreSeconds());
            Files.createDirectories(genFile.getParent());
            folder.writeJson(dir(i) + "generation.json", gen);
            // pairs.jsonl last: once it exists the iteration's labels are fixed, and a resume reuses them
            folder.writeJsonLines(dir(i) + "pairs.jsonl", pairs.stream().map(SelfLabeler.Pair::toRow).toList());
        }
        Path labelsFile = folder.dir().resolve(dir(i) + "labels.json");
        Map<String, Object> summary;
        if (Files.isRegularFile(labelsFile)) {
            summary = readJson(labelsFile);
        } else {
            summary = new LinkedHashMap<>(gen);
            summary.put("labels_used", split.seed().size());
            judge(i, pairs, split, summary);
            folder.writeJson(dir(i) + "labels.json", summary);
        }
        return new Labels(pairs, summary);
    }

    /**
     * The iteration's event, once its training is done: the summary plus train_s. Recorded once, however often the
     * run is resumed (a run killed after the iteration's last checkpoint records it on resume).
     */
    private void recordLabels(int i, Labels labels, double trainSeconds, int step) throws IOException {
        if (eventRecorded(i)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        labels.summary().forEach((k, v) -> {
            if (v != null) {
                data.put(k, v);
            }
        });
        data.put("train_s", trainSeconds);
        recorder.event(new RunEvent(java.time.Instant.now(), step, SELF_LABELS, message(data), data));
    }

    /** Asks the oracle about every self-label (when it can judge generated text) and adds the counts to summary. */
    private void judge(int i, List<SelfLabeler.Pair> pairs, Split split, Map<String, Object> summary)
            throws IOException {
        OracleSettings o = cfg.oracle();
        summary.put("oracle_type", o.type());
        if (o.type().equals("dataset") || pairs.isEmpty()) {
            summary.put("oracle_agreement", null); // the dataset's labels cannot judge generated responses
            return;
        }
        long t0 = System.nanoTime();
        OracleAgreement.Result a = OracleAgreement.check(oracle(split), pairs, "spa-" + i + "-",
                cfg.train().seed() * 1_000_003L + i, o.swap() == OracleSettings.Swap.RANDOM);
        folder.writeJsonLines(dir(i) + "oracle.jsonl",
                a.answers().stream().map(OracleAgreement.Answer::toRow).toList());
        summary.put("oracle", oracle.describe());
        summary.put("oracle_agreement", Double.isNaN(a.agreement()) ? null : a.agreement());
        summary.put("oracle_agreed", a.agreed());
        summary.put("oracle_decisive", a.decisive());
        summary.put("oracle_swapped", a.swapped());
        summary.put("judge_s", (System.nanoTime() - t0) / 1e9);
    }

    private PreferenceOracle oracle(Split split) throws IOException {
        if (oracle == null) { // the pools' hidden labels are offered, for oracles that look them up
            oracle = LoopData.createOracle(cfg, folder.dir(), split.poolPairs(), tok);
        }
        return oracle;
    }

    private boolean eventRecorded(int i) throws IOException {
        for (Map<String, Object> e : RunLog.jsonLines(folder.dir().resolve("events.jsonl"))) {
            if (SELF_LABELS.equals(e.get("type")) && e.get("data") instanceof Map<?, ?> d
                    && d.get("iteration") instanceof Number n && n.intValue() == i) {
                return true;
            }
        }
        return false;
    }

    private static String message(Map<String, Object> s) {
        Object agreement = s.get("oracle_agreement");
        return String.format(Locale.ROOT, "SPA iteration %s: %s self-labelled pairs from %s prompts (%s skipped as "
                + "alike); generate %.1f s, score %.1f s, train %.1f s%s", s.get("iteration"), s.get("pairs"),
                s.get("prompts"), s.get("skipped_alike"), seconds(s.get("generate_s")), seconds(s.get("score_s")),
                seconds(s.get("train_s")),
                agreement instanceof Number a ? String.format(Locale.ROOT, "; the oracle agrees with %.0f%%",
                        100 * a.doubleValue()) : "");
    }

    private static double seconds(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The sampling seed of iteration i: fixed by train.seed, different per iteration. */
    private long samplingSeed(int i) {
        return cfg.train().seed() * 7919L + 1000L * i;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path f) throws IOException {
        return JSON.readValue(f.toFile(), LinkedHashMap.class);
    }
}
