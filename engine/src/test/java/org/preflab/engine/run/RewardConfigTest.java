package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method reward: pairs and train settings only; no DPO loss or reference to configure. */
class RewardConfigTest {
    @TempDir Path tmp;

    private RunConfig load(String json) throws IOException {
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, json);
        return RunConfig.load(f);
    }

    @Test
    void rewardTakesPairsAndNoDpoSection() throws IOException {
        RunConfig c = load("{\"name\": \"rm\", \"method\": \"reward\", \"model\": \"m\", \"data\": {\"train\": \"p\"}}");
        assertEquals("reward", c.method());
        assertNull(c.dpo(), "no DPO defaults written into a reward run's config.json");
        assertEquals(0.0, c.reward().centerRewardsCoefficient(), "TRL's default: no centring");
        assertEquals(0.5, c.with(java.util.List.of("train.learning_rate=0.5")).train().learningRate(), 0.0);
    }

    @Test
    void theRewardSectionBelongsToMethodRewardAndQuotesBadValues() {
        IOException e = assertThrows(IOException.class, () -> load("{\"name\": \"x\", \"method\": \"dpo\","
                + " \"model\": \"m\", \"data\": {\"train\": \"p\"}, \"reward\": {}}"));
        assertTrue(e.getMessage().contains("a \"reward\" section needs method reward, not dpo"), e.getMessage());
        e = assertThrows(IOException.class, () -> load("{\"name\": \"x\", \"method\": \"reward\", \"model\":"
                + " \"m\", \"data\": {\"train\": \"p\"}, \"reward\": {\"center_rewards_coefficient\": -0.5}}"));
        assertTrue(e.getMessage().contains("reward.center_rewards_coefficient = -0.5 is invalid"), e.getMessage());
    }

    @Test
    void aDpoSectionIsRefusedWithTheMethod() {
        IOException e = assertThrows(IOException.class, () -> load("{\"name\": \"rm\", \"method\": \"reward\","
                + " \"model\": \"m\", \"data\": {\"train\": \"p\"}, \"dpo\": {\"beta\": 0.5}}"));
        assertTrue(e.getMessage().contains("a \"dpo\" section needs a preference-tuning method, not reward"),
                e.getMessage());
    }
}
