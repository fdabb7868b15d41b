package org.preflab.app.gui.setup;

import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.apl.AcquisitionRegistry;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.oracle.OracleRegistry;

/**
 * The providers of every service kind that failed to load, one line each ("oracle: x.Y: why"), so the run setup
 * names a broken plugin jar whichever kind it was meant to add; {@code preflab plugins} says more.
 */
final class PluginProblems {
    private PluginProblems() {}

    static List<String> of(PreferenceLosses losses, OracleRegistry oracles, AcquisitionRegistry acquisitions) {
        List<String> lines = new ArrayList<>();
        losses.problems().forEach(p -> lines.add("loss type: " + p));
        oracles.problems().forEach(p -> lines.add("oracle: " + p));
        acquisitions.problems().forEach(p -> lines.add("acquisition function: " + p));
        return List.copyOf(lines);
    }
}
