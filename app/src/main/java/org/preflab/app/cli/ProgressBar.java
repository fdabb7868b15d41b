package org.preflab.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.train.StepMetrics;

/** A terminal progress bar for runs: redrawn in place on a terminal, one line per 10% otherwise (logs, CI). */
final class ProgressBar implements RunListener {
    private final PrintStream out;
    private final boolean tty = System.console() != null;
    private int total;
    private int lastDecile = -1;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(Path runDir, int startStep, int totalSteps) {
        total = totalSteps;
        out.println("run folder: " + runDir);
        if (startStep > 0) {
            out.println("continuing at step " + startStep + " of " + totalSteps);
        }
    }

    @Override
    public void onEval(StepMetrics m) {
        if (m.values().containsKey("eval_loss")) {
            boolean rewardModel = m.values().containsKey("eval_accuracy"); // RewardTrainer's names, not DPOTrainer's
            out.println((tty ? "\r" : "") + String.format(Locale.ROOT, "eval at step %d: loss %.4f  accuracy %.3f"
                    + "  margin %.3f", m.step(), m.get("eval_loss"),
                    m.get(rewardModel ? "eval_accuracy" : "eval_rewards/accuracies"),
                    m.get(rewardModel ? "eval_margin" : "eval_rewards/margins")));
        }
    }

    @Override
    public void onMetrics(StepMetrics m) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * m.step() / total);
        String line = String.format(Locale.ROOT, "step %d/%d [%s%s] loss %.4f  lr %.2e  %.0f tok/s", m.step(), total,
                "=".repeat(filled), " ".repeat(width - filled), m.get("loss"), m.get("learning_rate"),
                m.get("tokens_per_s"));
        if (tty) {
            out.print("\r" + line);
            if (m.step() == total) {
                out.println();
            }
        } else {
            int decile = total == 0 ? 10 : (int) (10L * m.step() / total);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(line);
            }
        }
    }

    @Override
    public void onEvent(RunEvent e) {
        if (e.type().equals(RunEvent.FINISHED) || e.type().equals(RunEvent.FAILED)
                || e.type().equals(RunEvent.STARTED)) {
            return; // said by onStart and onFinish, or by the command's error handler
        }
        if (!e.type().equals(RunEvent.CHECKPOINT) || !tty) {
            out.println((tty ? "\r" : "") + e.type() + ": " + e.message());
        }
    }

    @Override
    public void onFinish(RunOutcome o) {
        switch (o.state()) {
            case FINISHED -> out.println("finished: " + o.runDir());
            case STOPPED -> out.println("stopped; continue with: preflab resume " + o.runDir());
            default -> { } // a failure is printed by the command's error handler
        }
    }
}
