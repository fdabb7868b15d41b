package org.preflab.app;

import org.preflab.app.cli.PreflabCommand;
import picocli.CommandLine;

/** Entry point of the {@code preflab} command line (and, with no command, of the workbench). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return PreflabCommand.commandLine().execute(args);
    }
}
