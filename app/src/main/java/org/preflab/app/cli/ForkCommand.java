package org.preflab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.preflab.engine.run.Forks;
import org.preflab.engine.run.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflab fork <run-dir> --set key=value ...}: a new run from a run's newest checkpoint, with changes. */
@Command(name = "fork", mixinStandardHelpOptions = true,
        description = {"Starts a new run folder from a run's newest checkpoint with changed settings (the parent is"
                + " left as it was); continue it with 'preflab resume <fork>'.",
            "Example: preflab fork runs/my-run-20261123-120000 --set train.learning_rate=5e-5 --set dpo.beta=0.2"})
public final class ForkCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<run-dir>", description = "the run to fork")
    Path runDir;

    @Option(names = "--set", paramLabel = "key=value",
            description = "a setting to change, as a dotted path and a JSON value, e.g. train.max_steps=200")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RunConfig changed = RunConfig.load(runDir.resolve("config.json")).with(overrides);
        Path fork = Forks.fromLatest(runDir, changed);
        System.out.println("forked into " + fork);
        System.out.println("continue with: preflab resume " + fork);
        return 0;
    }
}
