package org.preflab.engine.oracle;

import java.io.IOException;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/** {@code "type": "rules"}: a programmatic reward from "oracle.rules" ({@link RewardRule} has the syntax). */
public final class RulesOracleProvider implements OracleProvider {
    @Override
    public String id() {
        return "rules";
    }

    @Override
    public String description() {
        return "a programmatic reward: weighted sentiment, lexicon, keyword, regex and length terms";
    }

    @Override
    public PreferenceOracle create(Context context) throws IOException {
        return new RulesOracle(RewardRules.parse(context.rules(), context.baseDir()), context.tieMargin());
    }
}
