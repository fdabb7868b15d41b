package org.preflab.app.cli;

import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.run.RunFolder;
import org.preflab.engine.run.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflab label <run-dir>}: answers a run's human-oracle questions on the terminal. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Answers the questions of a run whose oracle is \"human\": each shows the prompt and two "
                + "completions, A and B; type a, b, t (tie), s (skip) or q (quit).",
            "Each answer is saved at once in <run-dir>/human/answers.jsonl, so the run (in this or another process, "
                + "or after a restart) goes on with it. Waits for new questions while the run is going."})
public final class LabelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<run-dir>", description = "the run folder printed by 'preflab run'")
    Path runDir;

    @Option(names = "--who", paramLabel = "NAME",
            description = "who answers, kept with each answer (default: terminal:<your user name>)")
    String who;

    @Override
    public Integer call() throws Exception {
        RunFolder.open(runDir); // a typo'd folder is an error, not a new empty queue
        String name = who != null ? who : "terminal:" + System.getProperty("user.name", "unknown");
        try (HumanQueue queue = HumanQueue.open(runDir)) {
            TerminalLabeller labeller = new TerminalLabeller(queue,
                    new InputStreamReader(System.in, Charset.defaultCharset()), spec.commandLine().getOut(), name,
                    () -> RunLock.isHeld(runDir));
            labeller.run();
        }
        return 0;
    }
}
