package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.preflab.engine.data.DatasetSplit;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.FrozenReference;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.dpo.ReferenceCache;
import org.preflab.engine.dpo.ReferenceLogps;
import org.preflab.engine.dpo.SdpoPartitioner;
import org.preflab.engine.dpo.SdpoSettings;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spo.DegreeHead;
import org.preflab.engine.spo.SpoObjective;
import org.preflab.engine.spo.SpoSettings;
import org.preflab.engine.spo.SpoTerm;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Objective;
import org.preflab.engine.train.Trainer;

/**
 * DPO as one stage, sDPO as several (algorithms.md §2): at stage t the reference and the starting weights are
 * M_{t-1}, the model the previous stage ended with (M_0 = the configured model); each stage has a fresh optimizer
 * and schedule. Each reference refresh is saved under references/stage-N (so a resumed run uses the same one) and
 * recorded as an event.
 */
final class PreferenceStages {
    private final RunConfig cfg;
    private final RunFolder folder;
    private final RunRecorder recorder;
    private final PairSource source;
    private final TextTokenizer tok;
    private final NDManager root;
    private final RunControl control;
    private final Path modelDir;
    private final CombinedLoss loss;

    PreferenceStages(RunConfig cfg, RunRecorder recorder, PairSource source, PreferenceLosses losses, TextTokenizer tok,
            NDManager root, RunControl control) {
        this.cfg = cfg;
        this.folder = recorder.folder();
        this.recorder = recorder;
        this.source = source;
        this.tok = tok;
        this.root = root;
        this.control = control;
        this.modelDir = Path.of(cfg.model());
        this.loss = CombinedLoss.of(losses, cfg.dpo().lossType(), cfg.dpo().lossWeights());
    }

    boolean run(Path ckpt) throws IOException {
        Data data = loadData();
        List<List<PairExample>> stages = stages(data);
        int[] offsets = new int[stages.size()];
        for (int t = 1; t < stages.size(); t++) {
            offsets[t] = offsets[t - 1] + cfg.train().totalSteps(stages.get(t - 1).size());
        }
        int total = offsets[stages.size() - 1] + cfg.train().totalSteps(stages.get(stages.size() - 1).size());
        Map<String, Object> state = ckpt == null ? Map.of() : Checkpoints.runState(ckpt);
        int first = state.get("stage") instanceof Number n ? n.intValue() : 0;
        int startStep = ckpt == null ? 0 : RunExecutor.globalStep(ckpt);
        recorder.start(startStep, total);
        HealthMonitor health = new HealthMonitor(total);
        if (ckpt != null) {
            health.replay(RunLog.open(folder.dir()).train()); // metrics.jsonl ends at the checkpoint by now
        }
        int[] seenBefore = new int[stages.size()]; // pairs of the earlier stages: the labels already used
        for (int t = 1; t < stages.size(); t++) {
            seenBefore[t] = seenBefore[t - 1] + stages.get(t - 1).size();
        }
        try (TransformerLM policy = ModelIO.load(ckpt == null ? modelDir : ckpt, root);
                DegreeHead head = degreeHead(policy);
                TuningWinRate winRate = TuningWinRate.of(cfg, recorder, data.eval, tok, root)) {
            for (int t = first; t < stages.size(); t++) {
                boolean resuming = ckpt != null && t == first;
                Path refDir = referenceFor(t, policy, resuming, offsets[t]);
                // The configured model's cache covers all train pairs: the same file then serves every stage-0 subset,
                // EASY_TO_HARD's split and later runs on the same data; later references only see their stage.
                List<PairExample> cached = refDir.equals(modelDir) ? data.train : stages.get(t);
                try (References refs = references(refDir, cached, stages.get(t), data.eval, policy, head,
                        cfg.dpo().reference().equals("model"))) {
                    DpoObjective align = new DpoObjective(loss, cfg.dpo(), refs.train, tok.padIdOrEos());
                    Objective<PairExample> objective = refs.spo == null ? align : new SpoObjective(align, refs.spo);
                    DpoObjective evalObjective = new DpoObjective(loss, cfg.dpo(), refs.eval, tok.padIdOrEos());
                    StageLoop loop = new StageLoop(recorder, control, health, modelDir,
                            cfg.train().checkpointEvery(), cfg.evalEvery());
                    try (Trainer<PairExample> trainer = new Trainer<>(policy, cfg.train(), objective, stages.get(t), root)) {
                        if (resuming) {
                            Checkpoints.restore(trainer, ckpt);
                        }
                        int stage = t;
                        int stageSize = stages.get(t).size();
                        if (!loop.run(trainer, t, offsets[t], data.eval.isEmpty() ? null : step -> {
                            evaluate(policy, evalObjective, data.eval, step);
                            int seen = seenBefore[stage] + (int) Math.min(stageSize,
                                    (long) (step - offsets[stage]) * cfg.train().examplesPerStep());
                            winRate(winRate, policy, step, seen, stage);
                            return null;
                        })) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** The reference folder of stage t: the configured model, or M_{t-1} saved when the stage starts. */
    private Path referenceFor(int t, TransformerLM policy, boolean resuming, int offset) throws IOException {
        if (t == 0) {
            return modelDir;
        }
        return saveReference(t, policy, resuming, offset, "sDPO step " + (t + 1)
                + ": the reference is now the model trained in step " + t);
    }

    /**
     * Saves {@code policy} as the reference of stage t under references/stage-t (atomically) and records the
     * refresh; a resumed stage keeps the one saved before. {@code message} is completed with where it was saved.
     */
    Path saveReference(int t, TransformerLM policy, boolean resuming, int offset, String message) throws IOException {
        Path dir = folder.dir().resolve("references").resolve("stage-" + t);
        if (!resuming || !Files.isRegularFile(dir.resolve("config.json"))) {
            Path partial = Files.createTempDirectory(folder.dir(), ".partial-reference-");
            ModelIO.save(policy, partial, modelDir);
            Files.createDirectories(dir.getParent());
            if (Files.exists(dir)) {
                org.preflab.engine.io.AtomicFiles.deleteTree(dir);
            }
            Files.move(partial, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            recorder.referenceRefresh(offset, t, dir, message + " (saved in " + folder.dir().relativize(dir) + ")");
        }
        return dir;
    }

    /** SPO's degree head (HIDDEN_HEAD), trained with the policy through every stage; null otherwise. */
    private DegreeHead degreeHead(TransformerLM policy) {
        SpoSettings s = cfg.spo();
        if (s == null || s.lambda() == 0 || s.classifier() != SpoSettings.Classifier.HIDDEN_HEAD) {
            return null;
        }
        return new DegreeHead(root, s.k(), policy.config().hidden(), cfg.train().seed());
    }

    private SpoTerm spo(List<PairExample> pairs, TransformerLM ref, TransformerLM policy, DegreeHead head) {
        if (cfg.spo() == null || cfg.spo().lambda() == 0) {
            return null; // λ = 0 is plain DPO, exactly: no variants, no head in the optimizer
        }
        return SpoTerm.build(cfg.spo(), head, pairs, tok, ref, policy, root, cfg.data().maxLength(), cfg.train().seed());
    }

    /** A stage's reference log-probs for its train and eval pairs; {@code frozen} is the loaded model, or null. */
    record References(ReferenceLogps train, ReferenceLogps eval, SpoTerm spo, TransformerLM frozen)
            implements AutoCloseable {
        @Override
        public void close() {
            if (frozen != null) {
                frozen.close();
            }
        }
    }

    /**
     * The reference of a stage: a frozen model scored on the fly when {@code loaded} (dpo.reference "model"), else
     * log-probs cached on disk for {@code cached} (a superset of the stage's pairs) and {@code eval}.
     */
    References references(Path refDir, List<PairExample> cached, List<PairExample> stagePairs,
            List<PairExample> eval, TransformerLM policy, DegreeHead head, boolean loaded) throws IOException {
        if (loaded) {
            TransformerLM ref = ModelIO.load(refDir, root);
            FrozenReference f = new FrozenReference(ref, root, tok.padIdOrEos());
            return new References(f, f, spo(stagePairs, ref, policy, head), ref);
        }
        try (LazyModel ref = new LazyModel(refDir, root)) { // loaded only on a cache miss or for SPO's ranking
            SpoTerm spo = cfg.spo() != null && cfg.spo().classifier() == SpoSettings.Classifier.LOGPROB_RANK
                    ? spo(stagePairs, ref.get(), policy, head) : spo(stagePairs, null, policy, head);
            String identity = identity(refDir);
            Path cacheDir = Path.of(cfg.runsDir()).resolve("reference-cache");
            int batch = cfg.train().microBatchSize();
            ReferenceCache train = ReferenceCache.load(cacheDir, identity, ref, root, cached, batch, tok.padIdOrEos());
            event(RunEvent.REFERENCE, train.describe());
            ReferenceLogps evalRefs = eval.isEmpty() ? train
                    : ReferenceCache.load(cacheDir, identity, ref, root, eval, batch, tok.padIdOrEos());
            return new References(train, evalRefs, spo, null);
        }
    }

    /** A model folder loaded on first use and closed with the holder. */
    static final class LazyModel implements java.util.function.Supplier<TransformerLM>, AutoCloseable {
        private final Path dir;
        private final ai.djl.ndarray.NDManager parent;
        private TransformerLM model;

        LazyModel(Path dir, ai.djl.ndarray.NDManager parent) {
            this.dir = dir;
            this.parent = parent;
        }

        @Override
        public TransformerLM get() {
            if (model == null) {
                try {
                    model = ModelIO.load(dir, parent);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return model;
        }

        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
        }
    }

    private static void winRate(TuningWinRate winRate, TransformerLM policy, int step, int labelsUsed, int stage) {
        if (winRate == null) {
            return;
        }
        try {
            winRate.record(policy, step, labelsUsed, stage);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Void evaluate(TransformerLM policy, DpoObjective objective, List<PairExample> eval, int step) {
        try {
            DpoEvaluation.Result r = DpoEvaluation.run(policy, objective, loss, eval, cfg.train().microBatchSize(), root);
            org.preflab.engine.train.StepMetrics m = new org.preflab.engine.train.StepMetrics(step, r.metrics());
            if (!recorder.hasEvalPairTexts()) {
                recorder.evalPairTexts(DpoEvaluation.texts(tok, eval));
            }
            recorder.eval(m, r.perPair(), DpoEvaluation.samples(policy, tok, root, eval));
            recorder.event(step, RunEvent.EVALUATION, String.format(java.util.Locale.ROOT,
                    "eval on %d pairs: loss %.4f, accuracy %.3f", eval.size(),
                    r.metrics().get(MetricNames.eval(MetricNames.LOSS)),
                    r.metrics().get(MetricNames.eval(MetricNames.REWARDS_ACCURACIES))));
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The run's pairs: train (eval split off), train by file (sdpo BY_FILE), eval. */
    record Data(List<PairExample> train, List<List<PairExample>> files, List<PairExample> eval) {}

    Data loadData() throws IOException {
        List<PairExample> train = new ArrayList<>();
        List<List<PairExample>> perFile = new ArrayList<>();
        List<String> files = cfg.sdpo() != null && cfg.sdpo().partition() == SdpoSettings.Partition.BY_FILE
                ? cfg.sdpo().files() : List.of(cfg.data().train());
        for (String f : files) {
            List<PairExample> part = reindex(load(f).pairs(), train.size());
            perFile.add(part);
            train.addAll(part);
        }
        List<PairExample> eval = List.of();
        if (cfg.data().eval() != null) {
            eval = reindex(load(cfg.data().eval()).pairs(), 0);
        } else if (cfg.data().evalFraction() > 0) {
            DatasetSplit<PairExample> split = DatasetSplit.byFraction(train, cfg.data().evalFraction(),
                    cfg.train().seed());
            train = split.train();
            eval = split.eval();
            final java.util.Set<Integer> held = new java.util.HashSet<>();
            eval.forEach(p -> held.add(p.index()));
            perFile.replaceAll(part -> part.stream().filter(p -> !held.contains(p.index())).toList());
        }
        recorder.dataCounts(train.size(), eval.size(), truncated, dropped);
        return new Data(train, perFile, eval);
    }

    private int truncated;
    private int dropped;

    private PairSource.Loaded load(String file) throws IOException {
        PairSource.Loaded l = source.load(Path.of(file), tok, modelDir, cfg.data());
        truncated += l.truncated();
        dropped += l.dropped();
        if (l.truncated() > 0 || l.dropped() > 0) {
            event(RunEvent.WARNING, Path.of(file).getFileName() + ": " + l.truncated() + " pairs truncated and "
                    + l.dropped() + " dropped to fit max_length " + cfg.data().maxLength());
        }
        return l;
    }

    private List<List<PairExample>> stages(Data data) throws IOException {
        List<PairExample> train = data.train();
        if (cfg.sdpo() == null || !cfg.method().equals("sdpo")) {
            return List.of(train);
        }
        SdpoSettings s = cfg.sdpo();
        return switch (s.partition()) {
            case BY_FILE -> data.files();
            case RANDOM -> SdpoPartitioner.random(train, s.steps(), s.fractions(), cfg.train().seed());
            case EASY_TO_HARD -> {
                ReferenceCache initial;
                try (LazyModel ref = new LazyModel(modelDir, root)) {
                    initial = ReferenceCache.load(Path.of(cfg.runsDir()).resolve("reference-cache"), identity(modelDir),
                            ref, root, train, cfg.train().microBatchSize(), tok.padIdOrEos());
                }
                yield SdpoPartitioner.easyToHard(train, s.steps(), initial::margin, cfg.train().seed());
            }
        };
    }

    /** What besides the token ids determines reference log-probs: the weights and the length settings. */
    String identity(Path refDir) throws IOException {
        List<Path> files;
        try (var s = Files.list(refDir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".safetensors")
                    || f.getFileName().toString().equals("config.json")).sorted().toList();
        }
        Path tokenizer = modelDir.resolve("tokenizer.json");
        return "weights=" + Provenance.sha256(files)
                + ";tokenizer=" + (Files.exists(tokenizer) ? Provenance.sha256(List.of(tokenizer)) : "none")
                + ";max_length=" + cfg.data().maxLength()
                + ";max_prompt_length=" + cfg.data().maxPromptLength();
    }

    private static List<PairExample> reindex(List<PairExample> pairs, int offset) {
        List<PairExample> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            out.add(pairs.get(i).withIndex(offset + i));
        }
        return out;
    }

    /** The loss the run configured (dpo.loss_type with its weights). */
    CombinedLoss loss() {
        return loss;
    }

    private void event(String type, String message) throws IOException {
        recorder.event(0, type, message);
    }
}
