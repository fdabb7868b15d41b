package org.preflab.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;

/**
 * Answers a run's human-oracle questions on a terminal: shows the oldest waiting question (prompt, then A and B),
 * reads a, b, t (tie), s (skip) or q (quit), and records each answer at once. With nothing waiting it waits for new
 * questions while the run goes on. Used by {@code preflab label}; {@code preflab run} can use it in-process.
 */
public final class TerminalLabeller {
    static final String CHOICES = "a / b / t (tie) / s (skip) / q (quit)";
    /** How often to look for new questions (and for a typed q) while none is waiting. */
    private static final long WAIT_MS = 200;

    private final HumanQueue queue;
    private final BufferedReader in;
    private final PrintWriter out;
    private final String who;
    private final BooleanSupplier runGoing;

    /**
     * @param who kept with each answer ("terminal:ann")
     * @param runGoing whether the run may still ask (its folder's lock is held); when false and nothing is waiting,
     *     {@link #run} returns
     */
    public TerminalLabeller(HumanQueue queue, Reader in, PrintWriter out, String who, BooleanSupplier runGoing) {
        this.queue = queue;
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
        this.out = out;
        this.who = who;
        this.runGoing = runGoing;
    }

    /**
     * Answers until q, the end of the input, or nothing waiting while the run is not going.
     *
     * @return how many questions were answered here
     */
    public int run() throws IOException {
        int answered = 0;
        boolean toldWaiting = false;
        while (true) {
            List<Comparison> pending = queue.pending();
            if (pending.isEmpty()) {
                if (!runGoing.getAsBoolean()) {
                    out.println("Nothing waiting, and the run is not going. " + answered + " answered here.");
                    out.flush();
                    return answered;
                }
                if (!toldWaiting) {
                    out.println("Waiting for questions from the run (q + Enter to quit)...");
                    out.flush();
                    toldWaiting = true;
                }
                if (!idle()) {
                    return answered;
                }
                continue;
            }
            toldWaiting = false;
            Comparison c = pending.get(0);
            show(c, pending.size());
            Verdict v = readVerdict();
            if (v == null) {
                out.println(answered + " answered here; " + queue.pending().size() + " still waiting.");
                out.flush();
                return answered;
            }
            try {
                queue.answer(c.id(), v, who);
                answered++;
            } catch (IllegalStateException | IllegalArgumentException meanwhile) {
                out.println("Not saved: " + meanwhile.getMessage()); // answered in the workbench, say
            }
        }
    }

    private void show(Comparison c, int waiting) {
        out.println();
        out.println("── " + waiting + " waiting ── question " + c.id());
        out.println("Prompt: " + indent(c.prompt()));
        out.println("  A: " + indent(c.a()));
        out.println("  B: " + indent(c.b()));
        out.flush();
    }

    /** The answer typed, or null for q or the end of the input; anything else asks again. */
    private Verdict readVerdict() throws IOException {
        while (true) {
            out.print("Which is better? " + CHOICES + " > ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            switch (line.strip().toLowerCase(Locale.ROOT)) {
                case "a": return Verdict.A;
                case "b": return Verdict.B;
                case "t": case "tie": return Verdict.TIE;
                case "s": case "skip": return Verdict.SKIP;
                case "q": case "quit": return null;
                default: out.println("Type one of " + CHOICES + ".");
            }
        }
    }

    /** Waits a moment for a new question; false when q (or the end of the input) was typed meanwhile. */
    private boolean idle() throws IOException {
        // ready() and not readLine(): a blocked read would miss new questions. On a terminal it turns true on Enter.
        while (in.ready()) {
            String line = in.readLine();
            if (line == null || line.strip().equalsIgnoreCase("q") || line.strip().equalsIgnoreCase("quit")) {
                out.println("Stopped; no question was waiting.");
                out.flush();
                return false;
            }
        }
        try {
            Thread.sleep(WAIT_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Continuation lines of a multi-line text, indented under its first. */
    private static String indent(String text) {
        return text.replace("\n", "\n     ");
    }
}
