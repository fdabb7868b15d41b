package org.preflab.app.gui.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.apl.AcquisitionRegistry;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.oracle.OracleRegistry;
import org.preflab.engine.plugin.PluginFolder;

/**
 * The providers of every service kind that failed to load, one line each ("oracle: x.Y: why"), so the run setup
 * names a broken plugin jar whichever kind it was meant to add; {@code preflab plugins} says more.
 */
final class PluginProblems {
    private PluginProblems() {}

    /** @param jars the plugin folder's jars: one that cannot be opened adds nothing, so it is named here */
    static List<String> of(List<Path> jars, PreferenceLosses losses, OracleRegistry oracles,
            AcquisitionRegistry acquisitions, DatasetFormats formats) {
        List<String> lines = new ArrayList<>();
        for (Path jar : jars) {
            PluginFolder.unreadable(jar).ifPresent(why -> lines.add("jar: " + jar.getFileName() + ": " + why));
        }
        losses.problems().forEach(p -> lines.add("loss type: " + p));
        oracles.problems().forEach(p -> lines.add("oracle: " + p));
        acquisitions.problems().forEach(p -> lines.add("acquisition function: " + p));
        formats.problems().forEach(p -> lines.add("dataset format: " + p));
        return List.copyOf(lines);
    }
}
