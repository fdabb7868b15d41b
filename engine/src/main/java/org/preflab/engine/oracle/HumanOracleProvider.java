package org.preflab.engine.oracle;

import java.io.IOException;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/** {@code "type": "human"}: a person answers; questions and answers are kept in {@code <run>/human/}. */
public final class HumanOracleProvider implements OracleProvider {
    @Override
    public String id() {
        return "human";
    }

    @Override
    public String description() {
        return "a person, in the workbench or with preflab label <run>; answers survive a restart";
    }

    @Override
    public PreferenceOracle create(Context context) throws IOException {
        if (context.runDir() == null) {
            throw new IllegalArgumentException("oracle type human needs a run folder to keep its questions in");
        }
        return new HumanOracle(HumanQueue.open(context.runDir()));
    }
}
