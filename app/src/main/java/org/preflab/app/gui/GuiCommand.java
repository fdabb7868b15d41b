package org.preflab.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflab gui [project]}: opens the workbench, on a project folder or on the start page. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Opens the PrefLab workbench: on a project folder (with experiment.json) if given, else on the"
                + " start page. Needs a display; without one, train headless with 'preflab run <project>'."})
public final class GuiCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "<project>", description = "a project folder (holding experiment.json)")
    Path project;

    @Override
    public Integer call() {
        if (project != null && !Files.isDirectory(project)) {
            System.err.println("error: " + project + ": not a folder; give a project folder holding experiment.json");
            return 2;
        }
        String noDisplay = Display.whyNot();
        if (noDisplay != null) {
            System.err.println("preflab gui: " + noDisplay + "; train headless with: preflab run "
                    + (project == null ? "<project>" : project));
            return 2;
        }
        WorkbenchApp.launchAndWait(org.preflab.app.cli.CliEngine.get(), project == null ? null : project.toAbsolutePath().normalize());
        return 0;
    }
}
