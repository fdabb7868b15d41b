package org.preflab.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code preflab <command>}. Each subcommand is one small class in this package. */
@Command(
        name = "preflab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "PrefLab: preference optimisation of language models, trained for real and shown live.",
        subcommands = {CommandLine.HelpCommand.class, CheckGoldenCommand.class, GenerateCommand.class,
            RunCommand.class, ResumeCommand.class, CompareCommand.class, ForkCommand.class, ValidateCommand.class,
            LossCommand.class, BenchCommand.class, LabelCommand.class, PluginsCommand.class,
            DoctorCommand.class, PairsCommand.class, org.preflab.app.gui.GuiCommand.class})
public final class PreflabCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The configured command line; bad input is reported as a message, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PreflabCommand());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }
}
