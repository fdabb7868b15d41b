package org.preflab.app.cli;

import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunOutcome;

/**
 * A run with a human oracle started from an interactive terminal asks its questions right there: once the run has
 * its folder, a {@link TerminalLabeller} answers the queue on stdin beside the progress bar. Without a terminal
 * (a pipe, CI) nothing is read: the questions wait for {@code preflab label} or the workbench.
 */
final class InlineLabelling implements RunListener {
    private final boolean interactive;
    private final AtomicBoolean going = new AtomicBoolean(true);
    private volatile boolean started;

    InlineLabelling(boolean interactive) {
        this.interactive = interactive;
    }

    static InlineLabelling forThisTerminal() {
        return new InlineLabelling(System.console() != null);
    }

    @Override
    public void onStart(Path runDir, int startStep, int totalSteps) {
        if (!interactive || started || !humanOracle(runDir)) {
            return;
        }
        started = true;
        Thread t = new Thread(() -> {
            try (HumanQueue queue = HumanQueue.open(runDir)) {
                PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
                new TerminalLabeller(queue, new InputStreamReader(System.in, StandardCharsets.UTF_8), out,
                        "terminal:" + System.getProperty("user.name", "?"), going::get).run();
            } catch (Exception e) {
                System.err.println("labelling on the terminal stopped: " + e.getMessage()
                        + "; answer with: preflab label " + runDir);
            }
        }, "preflab-terminal-labeller");
        t.setDaemon(true); // blocked on stdin when the run ends: must not keep the JVM alive
        t.start();
    }

    @Override
    public void onFinish(RunOutcome outcome) {
        going.set(false);
    }

    static boolean humanOracle(Path runDir) {
        try {
            var oracle = RunLog.open(runDir).config().oracle();
            return oracle != null && oracle.type().equals("human");
        } catch (Exception e) {
            return false; // not readable yet: no questions to answer either
        }
    }
}
