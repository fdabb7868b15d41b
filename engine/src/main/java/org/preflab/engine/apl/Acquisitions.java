package org.preflab.engine.apl;

import org.preflab.engine.spi.AcquisitionFunction;

/** Finds the acquisition function {@code apl.acquisition} names, among the built-ins and plugin jars. */
public final class Acquisitions {
    private Acquisitions() {}

    /**
     * The function with this id; an unknown id lists the known ones and any provider that failed to load. Each call
     * loads afresh, so every run gets its own instance of the function.
     */
    public static AcquisitionFunction get(String id) {
        return AcquisitionRegistry.load().get(id);
    }
}
