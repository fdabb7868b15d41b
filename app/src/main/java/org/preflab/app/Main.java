package org.preflab.app;

import org.preflab.app.cli.PreflabCommand;
import org.preflab.engine.runtime.EngineThread;

/** Entry point of the {@code preflab} command line (and, with no command, of the workbench). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs one command line and returns its exit code; tests call this instead of {@link #main}. Commands run on the
     * engine thread, the one thread that owns every DJL object (grad mode off, thread settings applied).
     */
    public static int run(String... args) {
        try (EngineThread engine = new EngineThread()) {
            org.preflab.app.cli.CliEngine.set(engine);
            if (args.length == 0 || args[0].equals("gui")) {
                // The workbench owns this thread (JavaFX's launcher blocks it) and sends runs to the engine thread.
                String[] gui = args.length == 0 ? new String[] {"gui"} : args;
                return PreflabCommand.commandLine().execute(gui);
            }
            return engine.call(() -> PreflabCommand.commandLine().execute(args));
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the engine thread could not start libtorch (an unusable cache folder, a setting such as
            // PREFLAB_FUSED_OPS=maybe that names no value): one line, as for bad input
            System.err.println("error: " + e.getMessage());
            if (System.getenv("PREFLAB_DEBUG") != null) {
                e.printStackTrace();
            }
            return 2;
        }
    }
}
