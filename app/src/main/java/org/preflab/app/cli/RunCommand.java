package org.preflab.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
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
        return HeadlessRuns.await(CliEngine.get(),
                (service, control, listeners) -> service.start(target, control, listeners));
    }
}
