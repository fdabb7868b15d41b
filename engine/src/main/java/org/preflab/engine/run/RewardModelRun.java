package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.preflab.engine.data.DatasetSplit;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.reward.RewardHead;
import org.preflab.engine.reward.RewardObjective;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;
import org.preflab.engine.train.Trainer;

/**
 * Method "reward": a Bradley-Terry reward model trained from preference pairs, the whole model with a scalar head
 * ({@link RewardObjective}). A run like the others (checkpoints, resume, eval rows); its final checkpoint folder, a
 * Hugging Face model folder plus the head in objective.safetensors, is what the reward_model oracle loads.
 */
final class RewardModelRun {
    private final RunConfig cfg;
    private final RunRecorder recorder;
    private final PairSource source;
    private final TextTokenizer tok;
    private final NDManager root;
    private final RunControl control;
    private final Path modelDir;

    RewardModelRun(RunConfig cfg, RunRecorder recorder, PairSource source, TextTokenizer tok, NDManager root,
            RunControl control) {
        this.cfg = cfg;
        this.recorder = recorder;
        this.source = source;
        this.tok = tok;
        this.root = root;
        this.control = control;
        this.modelDir = Path.of(cfg.model());
    }

    /** Trains to the end, or until stopped (false); {@code ckpt} is the checkpoint to resume from, or null. */
    boolean run(Path ckpt) throws IOException {
        Data data = loadData();
        try (TransformerLM lm = ModelIO.load(ckpt == null ? modelDir : ckpt, root);
                RewardHead head = new RewardHead(root, lm.config().hidden(), cfg.train().seed());
                Trainer<PairExample> trainer = new Trainer<>(lm, cfg.train(),
                        new RewardObjective(head, cfg.reward(), tok.padIdOrEos()), data.train(), root)) {
            HealthMonitor health = new HealthMonitor(trainer.totalSteps());
            if (ckpt != null) {
                Checkpoints.restore(trainer, ckpt); // the head too, from objective.safetensors
                health.replay(RunLog.open(recorder.dir()).train());
            }
            StageLoop loop = new StageLoop(recorder, control, health, modelDir, cfg.train().checkpointEvery(),
                    cfg.evalEvery());
            recorder.start(trainer.state().step(), trainer.totalSteps());
            RewardObjective evalObjective = new RewardObjective(head, cfg.reward(), tok.padIdOrEos());
            return loop.run(trainer, 0, 0, data.eval().isEmpty() ? null
                    : step -> evaluate(lm, evalObjective, data.eval(), step));
        }
    }

    private Void evaluate(TransformerLM lm, RewardObjective objective, List<PairExample> eval, int step) {
        try {
            RewardEvaluation.Result r = RewardEvaluation.run(lm, objective, eval, cfg.train().microBatchSize(), root);
            if (!recorder.hasEvalPairTexts()) {
                recorder.evalPairTexts(DpoEvaluation.texts(tok, eval));
            }
            recorder.eval(new StepMetrics(step, r.metrics()), r.perPair(), null);
            recorder.event(step, RunEvent.EVALUATION, String.format(Locale.ROOT,
                    "eval on %d pairs: loss %.4f, accuracy %.3f", eval.size(),
                    r.metrics().get(MetricNames.eval(MetricNames.LOSS)),
                    r.metrics().get(MetricNames.eval(MetricNames.ACCURACY))));
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Data(List<PairExample> train, List<PairExample> eval) {}

    /** data.train, and data.eval or a seeded eval_fraction of train; truncation and drops are counted, never silent. */
    private Data loadData() throws IOException {
        PairSource.Loaded train = load(cfg.data().train());
        List<PairExample> pairs = train.pairs();
        List<PairExample> eval = List.of();
        int truncated = train.truncated();
        int dropped = train.dropped();
        if (cfg.data().eval() != null) {
            PairSource.Loaded e = load(cfg.data().eval());
            eval = e.pairs();
            truncated += e.truncated();
            dropped += e.dropped();
        } else if (cfg.data().evalFraction() > 0) {
            DatasetSplit<PairExample> split = DatasetSplit.byFraction(pairs, cfg.data().evalFraction(),
                    cfg.train().seed());
            pairs = split.train();
            eval = split.eval();
        }
        recorder.dataCounts(pairs.size(), eval.size(), truncated, dropped);
        return new Data(pairs, eval);
    }

    private PairSource.Loaded load(String file) throws IOException {
        PairSource.Loaded l = source.load(Path.of(file), tok, modelDir, cfg.data());
        if (l.truncated() > 0 || l.dropped() > 0) {
            recorder.event(0, RunEvent.WARNING, Path.of(file).getFileName() + ": " + l.truncated()
                    + " pairs truncated and " + l.dropped() + " dropped to fit max_length " + cfg.data().maxLength());
        }
        return l;
    }
}
