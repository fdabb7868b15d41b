package org.preflab.engine.oracle;

import java.io.IOException;
import org.preflab.engine.reward.RewardModel;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * {@code "type": "reward_model"}: a Bradley-Terry reward model trained with {@code "method": "reward"}; "oracle.model"
 * names its checkpoint folder (the run's checkpoints/step-N), loaded once per run.
 */
public final class RewardModelOracleProvider implements OracleProvider {
    @Override
    public String id() {
        return "reward_model";
    }

    @Override
    public String description() {
        return "a reward model: a Bradley-Terry scalar head on a checkpoint trained with method reward";
    }

    @Override
    public PreferenceOracle create(Context context) throws IOException {
        if (context.model() == null) { // OracleSettings requires it; a caller building a Context by hand may not
            throw new IOException("oracle type reward_model needs oracle.model, the checkpoint folder of a reward run");
        }
        return new RewardModelOracle(RewardModel.load(context.model()), context.tieMargin());
    }
}
