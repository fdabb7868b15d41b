package org.preflab.engine.oracle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/** Makes a run's oracle from its "oracle" section: the provider whose id is {@code oracle.type}. */
public final class Oracles {
    private Oracles() {}

    /** The oracle the settings name; an unknown type lists the known ones. */
    public static PreferenceOracle create(OracleSettings settings, OracleProvider.Context context) throws IOException {
        List<String> known = new ArrayList<>();
        for (OracleProvider p : ServiceLoader.load(OracleProvider.class, PluginFolder.classLoader())) {
            if (p.id().equals(settings.type())) {
                return p.create(context);
            }
            known.add(p.id());
        }
        throw new IllegalArgumentException("oracle.type = '" + settings.type() + "' is not known; known: "
                + String.join(", ", known.stream().sorted().toList()));
    }
}
