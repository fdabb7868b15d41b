package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.Checkpoints;
import org.preflab.engine.train.SftObjective;
import org.preflab.engine.train.StepMetrics;
import org.preflab.engine.train.Trainer;

/**
 * Runs a supervised fine-tuning run from a config, or resumes one from its folder: the model, tokenizer and data
 * are loaded, then steps run with checkpoints every {@code checkpoint_every} steps and at the end. A run killed at
 * any moment resumes from its newest checkpoint and reaches the same metrics as if it had never stopped.
 */
public final class SftRunner {
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /** Asks the run to stop at the next step boundary (after a checkpoint); safe from any thread. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Starts a new run; returns its folder. */
    public Path start(Path configFile, RunListener listener) throws IOException {
        RunConfig cfg = resolvePaths(RunConfig.load(configFile), configFile.toAbsolutePath().getParent());
        RunFolder folder = RunFolder.create(Path.of(cfg.runsDir()), cfg.name());
        folder.writeJson("config.json", cfg);
        folder.writeJson("provenance.json", Provenance.of(cfg, Path.of(cfg.data().train()), Path.of(cfg.model())));
        return execute(folder, cfg, null, listener);
    }

    /** Continues a run from its newest checkpoint (or from the start when none was written yet). */
    public Path resume(Path runDir, RunListener listener) throws IOException {
        RunFolder folder = RunFolder.open(runDir);
        RunConfig cfg = RunConfig.load(runDir.resolve("config.json"));
        Path ckpt = Checkpoints.latest(folder.checkpoints()).orElse(null);
        folder.truncateMetricsAfter(ckpt == null ? 0 : Checkpoints.stepOf(ckpt));
        return execute(folder, cfg, ckpt, listener);
    }

    private Path execute(RunFolder folder, RunConfig cfg, Path ckpt, RunListener listener) throws IOException {
        Path modelDir = Path.of(cfg.model());
        try (NDManager root = NDManager.newBaseManager();
                TextTokenizer tok = TextTokenizer.load(modelDir);
                TransformerLM lm = ModelIO.load(ckpt == null ? modelDir : ckpt, root)) {
            SftData.Loaded data = SftData.load(Path.of(cfg.data().train()), tok, cfg.data().maxLength());
            try (Trainer<ScoredSequence> trainer = new Trainer<>(lm, cfg.train(), new SftObjective(tok.padIdOrEos()),
                    data.examples(), root)) {
                if (ckpt != null) {
                    Checkpoints.restore(trainer, ckpt);
                    event(folder, listener, trainer, "resume", "resumed from " + ckpt.getFileName());
                } else if (data.truncated() > 0) {
                    event(folder, listener, trainer, "warning", data.truncated() + " of "
                            + (data.examples().size()) + " examples were truncated to max_length "
                            + cfg.data().maxLength());
                }
                listener.onStart(folder.dir(), trainer.state().step(), trainer.totalSteps());
                int every = cfg.train().checkpointEvery();
                while (!trainer.finished() && !stopRequested.get()) {
                    StepMetrics m = trainer.step();
                    folder.appendMetrics(m);
                    listener.onMetrics(m);
                    if ((every > 0 && m.step() % every == 0) || trainer.finished()) {
                        checkpoint(folder, listener, trainer, modelDir);
                    }
                }
                if (stopRequested.get() && !trainer.finished()) {
                    checkpoint(folder, listener, trainer, modelDir);
                    event(folder, listener, trainer, "stopped", "stopped at step " + trainer.state().step());
                }
                listener.onFinish(folder.dir(), trainer.finished());
            }
        }
        return folder.dir();
    }

    private static void checkpoint(RunFolder folder, RunListener l, Trainer<?> t, Path tokenizerDir) throws IOException {
        Path c = Checkpoints.save(t, folder.checkpoints(), tokenizerDir);
        Checkpoints.prune(folder.checkpoints(), 2);
        event(folder, l, t, "checkpoint", "saved " + c.getFileName());
    }

    private static void event(RunFolder f, RunListener l, Trainer<?> t, String type, String msg) throws IOException {
        f.appendEvent(t.state().step(), type, msg);
        l.onEvent(type, msg);
    }

    /** Makes the config's relative paths absolute against the config file's folder. */
    static RunConfig resolvePaths(RunConfig c, Path base) {
        return new RunConfig(c.name(), c.method(), base.resolve(c.model()).normalize().toString(),
                new RunConfig.DataConfig(base.resolve(c.data().train()).normalize().toString(), c.data().maxLength()),
                c.train(), base.resolve(c.runsDir()).normalize().toString());
    }

    static boolean isRunFolder(Path p) {
        return Files.isRegularFile(p.resolve("config.json")) && Files.isDirectory(p.resolve("checkpoints"));
    }
}
