package org.preflab.engine.spi;

import java.util.List;

/**
 * Chooses which pairs to label in a round of active preference learning (algorithms.md §3a), found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.preflab.engine.spi.AcquisitionFunction}); the run's
 * {@code apl.acquisition} names it by {@link #id()}.
 */
public interface AcquisitionFunction {

    /** The value of {@code apl.acquisition} that selects this function. */
    String id();

    /** One line for listings and the workbench. */
    String description();

    /**
     * The pairs to label, best first: {@code n} of them when the pool allows. If the oracle gives no usable answer for
     * some, the loop calls again for the rest.
     */
    List<Candidate> acquire(AcquisitionContext context, int n);
}
