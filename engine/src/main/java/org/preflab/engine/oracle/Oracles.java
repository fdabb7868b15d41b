package org.preflab.engine.oracle;

import java.io.IOException;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/** Makes a run's oracle from its "oracle" section: the provider whose id is {@code oracle.type}. */
public final class Oracles {
    private Oracles() {}

    /** The oracle the settings name; an unknown type lists the known ones (and any provider that failed to load). */
    public static PreferenceOracle create(OracleSettings settings, OracleProvider.Context context) throws IOException {
        return create(providers(), settings, context);
    }

    /** The same, from a given registry (tests, or a caller that already loaded one). */
    public static PreferenceOracle create(OracleRegistry registry, OracleSettings settings,
            OracleProvider.Context context) throws IOException {
        return registry.get(settings.type()).create(context);
    }

    /** Every oracle provider that loaded (id, description), plus the load problems: for listings. */
    public static OracleRegistry providers() {
        return OracleRegistry.load();
    }
}
