package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.apl.AplSettings;
import org.preflab.engine.apl.Acquisitions;
import org.preflab.engine.apl.CandidateFile;
import org.preflab.engine.apl.Label;
import org.preflab.engine.apl.LabelStore;
import org.preflab.engine.apl.RoundContext;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.dpo.ScoredReference;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Trainer;

/**
 * Active preference learning (algorithms.md §3b): rounds on a label-budget schedule. Each round scores candidates
 * with the current policy and acquires the missing labels, asks the oracle, retrains DPO on everything labelled so
 * far (from the initial weights with a fresh optimizer, unless apl.reset is CONTINUE; the reference is always the
 * initial model), and measures the win rate against the reference.
 *
 * <p>Durable at every point: an attempt's candidates are written before the oracle sees them, every answer is on
 * disk before the next question, and training checkpoints carry the round. A resumed run asks only the questions
 * still unanswered and reaches the same result.
 */
final class AplRounds {
    /** Acquisition attempts per round before giving up on reaching the budget (an oracle that keeps tying). */
    static final int MAX_ATTEMPTS = 10;
    public static final String ACQUISITION = "acquisition";
    public static final String ROUND = "round";

    private final RunConfig cfg;
    private final AplSettings apl;
    private final RunRecorder recorder;
    private final LoopData data;
    private final TextTokenizer tok;
    private final NDManager root;
    private final RunControl control;
    private final CombinedLoss loss;
    private final Path modelDir;

    AplRounds(RunConfig cfg, RunRecorder recorder, PairSource source, PreferenceLosses losses, TextTokenizer tok,
            NDManager root, RunControl control) throws IOException {
        this.cfg = cfg;
        this.apl = cfg.apl();
        this.recorder = recorder;
        this.tok = tok;
        this.root = root;
        this.control = control;
        this.modelDir = Path.of(cfg.model());
        this.loss = CombinedLoss.of(losses, cfg.dpo().lossType(), cfg.dpo().lossWeights());
        this.data = LoopData.load(cfg, source, tok, root, recorder);
    }

    boolean run(Path ckpt) throws IOException {
        AcquisitionFunction acquisition = Acquisitions.get(apl.acquisition());
        LabelStore labels = LabelStore.open(recorder.dir().resolve("apl").resolve("labels.jsonl"));
        int total = 0;
        for (int r = 0; r < apl.rounds(); r++) {
            total += cfg.train().totalSteps(apl.budget(r));
        }
        Map<String, Object> state = ckpt == null ? Map.of() : Checkpoints.runState(ckpt);
        int first = state.get("stage") instanceof Number n ? n.intValue() : 0;
        recorder.start(ckpt == null ? 0 : RunExecutor.globalStep(ckpt), total);
        HealthMonitor health = new HealthMonitor(total);
        if (ckpt != null) {
            health.replay(RunLog.open(recorder.dir()).train());
        }
        try (PreferenceOracle oracle = data.oracle(cfg, recorder.dir());
                TransformerLM reference = ModelIO.load(modelDir, root)) {
            event(0, RunEvent.REFERENCE, "oracle: " + oracle.describe() + "; acquisition: " + acquisition.id());
            TransformerLM policy = ModelIO.load(ckpt == null ? modelDir : ckpt, root);
            try {
                for (int r = first; r < apl.rounds(); r++) {
                    boolean resuming = ckpt != null && r == first;
                    int offset = offset(labels, r);
                    RoundTimes times = new RoundTimes();
                    if (!resuming) {
                        try {
                            acquire(r, offset, acquisition, labels, policy, reference, oracle, times);
                        } catch (StoppedWhileLabelling e) {
                            event(offset, RunEvent.STOPPED, "stopped in round " + (r + 1) + " while waiting for "
                                    + "labels (the answers so far are kept); continue with preflab resume "
                                    + recorder.dir());
                            return false;
                        }
                        if (apl.reset() == AplSettings.Reset.INITIAL) {
                            policy.close();
                            policy = ModelIO.load(modelDir, root); // the camera-ready code retrains from scratch
                        }
                    }
                    List<PairExample> train = trainingPairs(labels, r);
                    if (train.isEmpty()) {
                        throw new IOException("round " + (r + 1) + ": the oracle gave no usable label (every answer "
                                + "a tie or a skip); nothing to train on");
                    }
                    long t0 = System.nanoTime();
                    // BATCH_SIZE sequences a batch, as the round's other scoring: half as many pairs
                    DpoObjective objective = new DpoObjective(loss, cfg.dpo(), ScoredReference.score(reference, root,
                            train, tok.padIdOrEos(), RoundContext.BATCH_SIZE / 2), tok.padIdOrEos());
                    try (Trainer<PairExample> trainer = new Trainer<>(policy, cfg.train(), objective, train, root)) {
                        if (resuming) {
                            Checkpoints.restore(trainer, ckpt);
                        }
                        StageLoop loop = new StageLoop(recorder, control, health, modelDir,
                                cfg.train().checkpointEvery(), 0)
                                .rowValues(Map.of(MetricNames.LABELS_USED, (double) train.size()));
                        if (!loop.run(trainer, r, offset, null)) {
                            return false;
                        }
                        times.train = (System.nanoTime() - t0) / 1e9;
                        int end = offset + trainer.totalSteps();
                        data.evaluate(recorder, policy, reference, oracle, cfg, end, train.size(), r);
                        roundEvent(r, end, train.size(), times);
                    }
                }
            } finally {
                policy.close();
            }
        }
        return true;
    }

    /** Where round r's steps start: the steps of every earlier round, each trained on the labels it had. */
    private int offset(LabelStore labels, int round) {
        int offset = 0;
        for (int q = 0; q < round; q++) {
            offset += cfg.train().totalSteps(trainingPairs(labels, q).size());
        }
        return offset;
    }

    /** Round r's training data: every decisive label acquired up to and including round r. */
    private static List<PairExample> trainingPairs(LabelStore labels, int round) {
        List<PairExample> out = new ArrayList<>();
        for (Label l : labels.decisive()) {
            if (l.round() <= round) {
                out.add(l.toPair(out.size()));
            }
        }
        return out;
    }

    /** Acquires and labels until the round's budget of decisive labels is reached (or the pool runs out). */
    private void acquire(int r, int step, AcquisitionFunction fn, LabelStore labels, TransformerLM policy,
            TransformerLM reference, PreferenceOracle oracle, RoundTimes times) throws IOException {
        int target = apl.budget(r);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int have = (int) labels.decisive().stream().filter(l -> l.round() <= r).count();
            int need = target - have;
            if (need <= 0) {
                return;
            }
            Path file = CandidateFile.of(recorder.dir(), r, attempt);
            List<Candidate> candidates;
            if (Files.isRegularFile(file)) {
                candidates = CandidateFile.read(file); // a resumed round asks about the same candidates
            } else {
                Set<Integer> excluded = new HashSet<>();
                if (apl.pool() == AplSettings.Pool.PAIRS) { // a dataset pair's label can be acquired once
                    labels.all().forEach(l -> excluded.add(l.candidate().item()));
                }
                RoundContext ctx = new RoundContext(policy, reference, root, tok, data.pool(), excluded, apl,
                        seed(r, attempt), "r" + r + "-a" + attempt + "-");
                candidates = fn.acquire(ctx, need);
                times.generate += ctx.generateSeconds();
                times.score += ctx.scoreSeconds();
                Map<String, Object> scores = ctx.scoresAsData();
                CandidateFile.write(file, r, attempt, need, candidates, scores);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("round", r);
                d.put("attempt", attempt);
                d.put("budget", target);
                d.put("need", need);
                d.put("selected", candidates.size());
                d.put("acquisition", fn.id());
                d.put("scores", scores);
                d.put("file", recorder.dir().relativize(file).toString());
                recorder.event(new RunEvent(Instant.now(), step, ACQUISITION, String.format(java.util.Locale.ROOT,
                        "round %d: %s chose %d pairs for labelling (budget %d)", r + 1, fn.id(), candidates.size(),
                        target), d));
            }
            if (candidates.isEmpty()) {
                event(step, RunEvent.WARNING, "round " + (r + 1) + ": the pool has no more candidates; training on "
                        + have + " labels instead of " + target);
                return;
            }
            long t0 = System.nanoTime();
            ask(r, candidates, labels, oracle);
            times.label += (System.nanoTime() - t0) / 1e9;
        }
        event(step, RunEvent.WARNING, "round " + (r + 1) + ": " + MAX_ATTEMPTS + " acquisitions left the budget "
                + "unmet (the oracle gave ties or skips); training on what was labelled");
    }

    /** Asks about every candidate not answered yet, all at once, and records each answer as it is collected. */
    private void ask(int r, List<Candidate> candidates, LabelStore labels, PreferenceOracle oracle)
            throws IOException {
        List<Candidate> open = candidates.stream().filter(c -> !labels.has(c.id())).toList();
        List<CompletableFuture<Judgement>> answers = new ArrayList<>();
        List<Boolean> swaps = new ArrayList<>();
        for (Candidate c : open) {
            boolean swap = cfg.oracle().swap() == org.preflab.engine.oracle.OracleSettings.Swap.RANDOM
                    && new SplittableRandom(cfg.train().seed() * 1_000_003L + c.id().hashCode()).nextBoolean();
            swaps.add(swap);
            answers.add(oracle.judge(new Comparison(c.id(), c.prompt(), swap ? c.secondText() : c.firstText(),
                    swap ? c.firstText() : c.secondText())));
        }
        for (int i = 0; i < open.size(); i++) {
            Judgement j = await(answers.get(i));
            labels.append(new Label(open.get(i), r, swaps.get(i), j, Instant.now()));
        }
    }

    /** Waits for an answer, giving up (the run stops, answers so far kept) when the user stops the run. */
    private Judgement await(CompletableFuture<Judgement> answer) throws IOException {
        while (true) {
            if (control.request() == RunControl.Request.STOP) {
                throw new StoppedWhileLabelling();
            }
            try {
                return answer.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                org.preflab.engine.runtime.EngineThread.runShortTasks();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the oracle", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("the oracle failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** A stop requested while the loop waited for answers: the answers so far are on disk. */
    static final class StoppedWhileLabelling extends RuntimeException {
        StoppedWhileLabelling() {
            super("stopped while waiting for labels", null, false, false);
        }
    }

    private long seed(int round, int attempt) {
        return cfg.train().seed() * 7919L + round * 101L + attempt;
    }

    /** Seconds of one round, split as the issue asks: generating, scoring, labelling, training. */
    private static final class RoundTimes {
        double generate;
        double score;
        double label;
        double train;
    }

    private void roundEvent(int r, int step, int labelsUsed, RoundTimes t) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("round", r);
        d.put("labels_used", labelsUsed);
        d.put("generate_s", t.generate);
        d.put("score_s", t.score);
        d.put("label_s", t.label);
        d.put("train_s", t.train);
        recorder.event(new RunEvent(Instant.now(), step, ROUND, String.format(java.util.Locale.ROOT,
                "round %d done with %d labels: generate %.1f s, score %.1f s, label %.1f s, train %.1f s", r + 1,
                labelsUsed, t.generate, t.score, t.label, t.train), d));
    }

    private void event(int step, String type, String message) throws IOException {
        recorder.event(step, type, message);
    }
}
