package org.preflab.engine.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes oracles of one kind, found through {@link java.util.ServiceLoader} (built-ins and plugin jars alike; list
 * providers in {@code META-INF/services/org.preflab.engine.spi.OracleProvider}). A run's "oracle" section names the
 * kind in {@code type}.
 */
public interface OracleProvider {

    /** The value of {@code oracle.type} that selects this provider ("rules", "human", ...). */
    String id();

    /** One line for listings and the workbench. */
    String description();

    /**
     * A new oracle for one run.
     *
     * @param context what the run offers an oracle: its folder, the experiment's folder, the oracle section
     */
    PreferenceOracle create(Context context) throws IOException;

    /**
     * What a provider may use.
     *
     * @param runDir the run folder (a human oracle keeps its queue there)
     * @param baseDir the experiment.json's folder, against which relative paths in the settings resolve
     * @param rules the "oracle.rules" list as written
     * @param tieMargin scores closer than this are a tie
     * @param model the "oracle.model" path (resolved), or null
     * @param labels the dataset's labels when the pool has them: prompt -> {chosen text, rejected text}; else empty
     */
    record Context(Path runDir, Path baseDir, List<String> rules, double tieMargin, Path model,
            Map<String, List<String[]>> labels) {}
}
