package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.SftObjective;
import org.preflab.engine.train.Trainer;

/**
 * Starts and resumes runs: SFT, DPO (any loss variant or combination), stepwise DPO, active preference learning
 * (APL), self-generated preferences (SPA) and reward models. A run killed at any moment resumes from its newest
 * checkpoint and reaches the same metrics as an uninterrupted run with the same seed.
 * Must run on the engine thread; steer it from other threads through {@link #control()}.
 */
public final class RunExecutor {
    private final RunControl control;
    private final PairSource pairSource;
    private final PreferenceLosses losses;

    /** A runner with the given data reader and loss registry (the GUI shows the same registry's ids and problems). */
    public RunExecutor(PairSource pairSource, PreferenceLosses losses) {
        this(pairSource, losses, new RunControl());
    }

    /** A runner steered by {@code control} (made before the run starts, e.g. for a signal handler). */
    public RunExecutor(PairSource pairSource, PreferenceLosses losses, RunControl control) {
        this.pairSource = pairSource;
        this.losses = losses;
        this.control = control;
    }

    public RunControl control() {
        return control;
    }

    /**
     * Starts a new run from a config file and returns how it ended. A config or input error throws before any run
     * folder exists (so a typo leaves nothing behind); the listener then hears {@code onFinish} with the failure too.
     */
    public RunOutcome start(Path configFile, RunListener listener) throws IOException {
        RunConfig cfg;
        RunFolder folder;
        RunLock lock;
        try {
            cfg = resolvePaths(RunConfig.load(configFile), configFile.toAbsolutePath().getParent());
            checkInputs(configFile, cfg);
            folder = RunFolder.create(Path.of(cfg.runsDir()), cfg.name());
            lock = RunLock.acquire(folder.dir());
        } catch (IOException | RuntimeException e) {
            listener.onFinish(RunOutcome.failed(null, e));
            throw e;
        }
        RunRecorder recorder = new RunRecorder(folder, listener);
        return execute(recorder, lock, () -> {
            folder.writeJson("config.json", cfg);
            folder.writeJson("provenance.json", Provenance.of(cfg, dataFiles(cfg), Path.of(cfg.model())));
            return executeOrThrow(recorder, cfg, null);
        });
    }

    /**
     * Continues a run from its newest checkpoint (or from the start when none was written yet). A run another
     * process is training is refused before anything in its folder changes.
     */
    public RunOutcome resume(Path runDir, RunListener listener) throws IOException {
        RunFolder folder;
        RunLock lock;
        try {
            folder = RunFolder.open(runDir);
            lock = RunLock.acquire(runDir);
        } catch (IOException | RuntimeException e) {
            listener.onFinish(RunOutcome.failed(runDir, e));
            throw e;
        }
        RunRecorder recorder = new RunRecorder(folder, listener);
        return execute(recorder, lock, () -> {
            RunConfig cfg = RunConfig.load(runDir.resolve("config.json"));
            folder.dropTornLine("events.jsonl"); // a kill mid-write leaves half a line; the next one must stay whole
            java.util.List<RunEvent> skipped = new java.util.ArrayList<>();
            Path ckpt = Checkpoints.latest(folder.checkpoints(), (dir, why) -> skipped.add(RunEvent.of(
                    0, RunEvent.WARNING, "checkpoint " + dir.getFileName() + " is damaged (" + why
                    + "); resuming from an earlier one"))).orElse(null);
            folder.truncateMetricsAfter(ckpt == null ? 0 : globalStep(ckpt));
            for (RunEvent e : skipped) {
                recorder.event(new RunEvent(e.time(), ckpt == null ? 0 : globalStep(ckpt), e.type(), e.message(), e.data()));
            }
            if (ckpt != null) {
                recorder.event(globalStep(ckpt), RunEvent.RESUME, "resumed from " + ckpt.getFileName());
            }
            return executeOrThrow(recorder, cfg, ckpt);
        });
    }

    private interface Body {
        boolean run() throws IOException;
    }

    /**
     * Runs {@code body} holding the run folder's lock (released when it ends); a failure is recorded in the run's
     * events and reaches the listener, then is passed on.
     */
    private RunOutcome execute(RunRecorder recorder, RunLock lock, Body body) throws IOException {
        boolean done;
        try (lock) {
            done = body.run();
        } catch (IOException | RuntimeException e) {
            recorder.finish(RunOutcome.failed(recorder.dir(), e), recorder.lastStep());
            throw e;
        }
        RunOutcome outcome = done ? RunOutcome.finished(recorder.dir()) : RunOutcome.stopped(recorder.dir());
        recorder.finish(outcome, recorder.lastStep());
        return outcome;
    }

    private boolean executeOrThrow(RunRecorder recorder, RunConfig cfg, Path ckpt) throws IOException {
        Path modelDir = Path.of(cfg.model());
        try (NDManager root = DjlRuntime.newManager(); TextTokenizer tok = TextTokenizer.load(modelDir)) {
            return switch (cfg.method()) {
                case "sft" -> runSft(recorder, cfg, ckpt, root, tok);
                case "reward" -> new RewardModelRun(cfg, recorder, pairSource, tok, root, control).run(ckpt);
                case "apl" -> new AplRounds(cfg, recorder, pairSource, losses, tok, root, control).run(ckpt);
                case "spa" -> new SpaIterations(cfg, recorder, pairSource, losses, tok, root, control).run(ckpt);
                default -> new PreferenceStages(cfg, recorder, pairSource, losses, tok, root, control).run(ckpt);
            };
        }
    }

    private boolean runSft(RunRecorder recorder, RunConfig cfg, Path ckpt, NDManager root, TextTokenizer tok)
            throws IOException {
        Path modelDir = Path.of(cfg.model());
        SftData.Loaded data = SftData.load(Path.of(cfg.data().train()), tok, cfg.data().maxLength());
        recorder.dataCounts(data.examples().size(), 0, data.truncated(), 0);
        try (TransformerLM lm = ModelIO.load(ckpt == null ? modelDir : ckpt, root);
                Trainer<ScoredSequence> trainer = new Trainer<>(lm, cfg.train(), new SftObjective(tok.padIdOrEos()),
                        data.examples(), root)) {
            HealthMonitor health = new HealthMonitor(trainer.totalSteps());
            if (ckpt != null) {
                health.replay(RunLog.open(recorder.dir()).train());
            }
            StageLoop loop = new StageLoop(recorder, control, health,
                    modelDir, cfg.train().checkpointEvery(), 0);
            if (ckpt != null) {
                Checkpoints.restore(trainer, ckpt);
            } else if (data.truncated() > 0) {
                loop.event(0, RunEvent.WARNING, data.truncated() + " of " + data.examples().size()
                        + " examples were truncated to max_length " + cfg.data().maxLength());
            }
            recorder.start(trainer.state().step(), trainer.totalSteps());
            return loop.run(trainer, 0, 0, null);
        }
    }

    /** The model folder (config.json, tokenizer.json) and every data file must exist; the message says which not. */
    private static void checkInputs(Path configFile, RunConfig cfg) throws IOException {
        Path model = Path.of(cfg.model());
        if (!java.nio.file.Files.isDirectory(model)) {
            throw new IOException(configFile + ": model folder not found: " + model);
        }
        org.preflab.engine.model.ModelConfig.load(model);
        if (!java.nio.file.Files.isRegularFile(model.resolve("tokenizer.json"))) {
            throw new IOException(configFile + ": the model folder " + model + " has no tokenizer.json");
        }
        for (Path f : dataFiles(cfg)) {
            if (!java.nio.file.Files.isRegularFile(f)) {
                throw new IOException(configFile + ": data file not found: " + f);
            }
        }
        checkLoopServices(configFile, cfg);
    }

    /** A loop's oracle and acquisition function must exist (and rules parse) before a run folder is made. */
    private static void checkLoopServices(Path configFile, RunConfig cfg) throws IOException {
        try {
            if (cfg.oracle() != null) {
                org.preflab.engine.oracle.OracleRegistry.load(
                        org.preflab.engine.plugin.PluginFolder.classLoader()).get(cfg.oracle().type());
                if (cfg.oracle().type().equals("rules")) {
                    org.preflab.engine.oracle.RewardRules.parse(cfg.oracle().rules(),
                            configFile.toAbsolutePath().getParent());
                }
            }
            if (cfg.apl() != null) {
                org.preflab.engine.apl.Acquisitions.get(cfg.apl().acquisition());
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(configFile + ": " + e.getMessage(), e);
        }
    }

    /** The global step of a checkpoint: its stage's offset plus its own step. */
    static int globalStep(Path ckpt) throws IOException {
        return Checkpoints.runStep(ckpt);
    }


    private static List<Path> dataFiles(RunConfig cfg) {
        List<Path> files = new ArrayList<>();
        if (cfg.data().train() != null) {
            files.add(Path.of(cfg.data().train()));
        }
        if (cfg.sdpo() != null) {
            cfg.sdpo().files().forEach(f -> files.add(Path.of(f)));
        }
        if (cfg.data().eval() != null) {
            files.add(Path.of(cfg.data().eval()));
        }
        return files;
    }

    /** Makes the config's relative paths absolute against the config file's folder. */
    public static RunConfig resolvePaths(RunConfig c, Path base) {
        RunConfig.DataConfig d = c.data();
        RunConfig.DataConfig data = new RunConfig.DataConfig(abs(base, d.train()), abs(base, d.eval()),
                d.evalFraction(), d.maxLength(), d.maxPromptLength(), d.templateTimeLimitS(), d.templateMaxOutput());
        org.preflab.engine.dpo.SdpoSettings s = c.sdpo();
        if (s != null) {
            s = new org.preflab.engine.dpo.SdpoSettings(s.partition(), s.steps(),
                    s.files().stream().map(f -> abs(base, f)).toList(), s.fractions());
        }
        org.preflab.engine.oracle.OracleSettings o = c.oracle();
        if (o != null) {
            o = new org.preflab.engine.oracle.OracleSettings(o.type(), o.rules().stream()
                    .map(r -> lexiconPathResolved(base, r)).toList(), o.tieMargin(), abs(base, o.model()), o.swap());
        }
        return new RunConfig(c.name(), c.method(), abs(base, c.model()), data, c.train(), c.dpo(), s, c.spo(),
                c.apl(), c.spa(), o, c.winrate(), c.reward(), c.evalEvery(), abs(base, c.runsDir()));
    }

    /**
     * A rules oracle's "lexicon:FILE" with FILE made absolute: the run folder's config.json must still find it when
     * the run resumes from elsewhere.
     */
    static String lexiconPathResolved(Path base, String rule) {
        int at = rule.indexOf("lexicon:");
        if (at < 0 || rule.substring(0, at).contains(":")) {
            return rule;
        }
        String file = rule.substring(at + "lexicon:".length());
        return file.isBlank() ? rule : rule.substring(0, at) + "lexicon:" + abs(base, file.strip());
    }

    private static String abs(Path base, String p) {
        return p == null ? null : base.resolve(p).normalize().toString();
    }
}
