package org.preflab.engine.oracle;

import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/** {@code "type": "dataset"}: the pool's hidden chosen/rejected labels (pairs not in the data are skipped). */
public final class DatasetOracleProvider implements OracleProvider {
    @Override
    public String id() {
        return "dataset";
    }

    @Override
    public String description() {
        return "the data's own labels: chosen beats rejected (other pairs are skipped)";
    }

    @Override
    public PreferenceOracle create(Context context) {
        return new DatasetOracle(context.labels());
    }
}
