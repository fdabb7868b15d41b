package org.preflab.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflab resume <run-dir>}: continues a stopped or killed run. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continues a run from its newest complete checkpoint; the metrics after that checkpoint are"
                + " dropped and recomputed, so the run ends exactly as an uninterrupted one would.")
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<run-dir>", description = "the run folder printed by 'preflab run'")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        return HeadlessRuns.await(CliEngine.get(),
                (service, control, listeners) -> service.resume(runDir, control, listeners));
    }
}
