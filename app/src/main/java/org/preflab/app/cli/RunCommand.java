package org.preflab.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.preflab.engine.run.RunExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflab run <config|project>}: starts a training run. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Starts a training run from an experiment JSON, or from a project folder holding"
                + " experiment.json. Writes a run folder (config, provenance, metrics.jsonl, events.jsonl,"
                + " checkpoints) under the config's runs_dir and shows progress.",
            "Ctrl-C or kill stops it; 'preflab resume <run-dir>' continues from the newest checkpoint."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<config|project>", description = "experiment JSON file, or a folder with experiment.json")
    Path target;

    @Override
    public Integer call() throws Exception {
        Path config = Files.isDirectory(target) ? target.resolve("experiment.json") : target;
        RunExecutor runner = new RunExecutor(DataSources.pairs());
        try (StopOnSignal stop = new StopOnSignal(runner.control())) {
            runner.start(config, new ProgressBar(System.out));
        }
        return 0;
    }
}
