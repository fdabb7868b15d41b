package org.preflab.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflab watch-trl <output_dir>}: follows a TRL run's trainer_state.json and checkpoints as they come. */
@Command(name = "watch-trl", mixinStandardHelpOptions = true,
        description = {"Follows a TRL (transformers Trainer) output folder while it trains: each logged step's loss,"
                + " reward margin and accuracy, evaluations, checkpoints and the end, read from trainer_state.json"
                + " and checkpoint-N/ as they are written. The workbench shows the same folder as a run (File > Open"
                + " TRL run...)."})
public final class WatchTrlCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of(MetricNames.LOSS, MetricNames.REWARDS_MARGINS,
            MetricNames.REWARDS_ACCURACIES, MetricNames.LOGPS_CHOSEN, MetricNames.GRAD_NORM, MetricNames.LEARNING_RATE);

    @Parameters(paramLabel = "<output_dir>", description = "TRL's output_dir (<export>/<name>-trl for an export)")
    Path dir;

    @Option(names = "--once", description = "print what is there now and exit")
    boolean once;

    @Option(names = "--poll-ms", paramLabel = "MS", description = "how often to look (default 1000)")
    long pollMs = 1000;

    @Override
    public Integer call() throws Exception {
        RunLog log = openWhenThere();
        System.out.println(String.format(Locale.ROOT, "%6s", "step") + COLUMNS.stream()
                .map(c -> String.format(Locale.ROOT, " %14s", c)).reduce("", String::concat));
        print(new RunLog.Update(log.train(), log.evals(), log.events(), null));
        while (!once) {
            RunState s = log.stateOnDisk();
            if (s.isFinal() && s != RunState.STOPPED) { // stopped may yet start: wait (Ctrl-C ends)
                print(log.poll());
                if (s == RunState.FAILED) {
                    System.out.println("TRL run failed: " + log.provenance().path("error").asText("?"));
                }
                return s == RunState.FINISHED ? 0 : 1;
            }
            Thread.sleep(pollMs);
            print(log.poll());
        }
        return 0;
    }

    private RunLog openWhenThere() throws Exception {
        while (true) {
            try {
                return RunLog.open(dir);
            } catch (java.io.IOException notYet) {
                if (once) {
                    throw notYet;
                }
                Thread.sleep(pollMs); // launched but not started writing yet
            }
        }
    }

    static void print(RunLog.Update u) {
        for (StepMetrics m : u.train()) {
            System.out.println(row(m, ""));
        }
        for (StepMetrics m : u.evals()) {
            System.out.println(row(m, MetricNames.EVAL_PREFIX) + "  (eval)");
        }
        for (RunEvent e : u.events()) {
            System.out.println("  [" + e.type() + " @" + e.step() + "] " + e.message());
        }
    }

    static String row(StepMetrics m, String prefix) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%6d", m.step()));
        for (String c : COLUMNS) {
            Double v = m.values().get(prefix + c);
            sb.append(v == null ? String.format(Locale.ROOT, " %14s", "-") : String.format(Locale.ROOT, " %14.6g", v));
        }
        return sb.toString();
    }
}
