package org.preflab.engine.apl;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.spi.AcquisitionFunction;

/** Finds the acquisition function {@code apl.acquisition} names, among the built-ins and plugin jars. */
public final class Acquisitions {
    private Acquisitions() {}

    /** The function with this id; an unknown id lists the known ones. */
    public static AcquisitionFunction get(String id) {
        List<String> known = new ArrayList<>();
        for (AcquisitionFunction f : ServiceLoader.load(AcquisitionFunction.class, PluginFolder.classLoader())) {
            if (f.id().equals(id)) {
                return f;
            }
            known.add(f.id());
        }
        throw new IllegalArgumentException("apl.acquisition = '" + id + "' is not known; known: "
                + String.join(", ", known.stream().sorted().toList()));
    }
}
