package org.preflab.engine.compute;

import java.util.Set;

/**
 * How to sample continuations.
 *
 * @param temperature 0 for greedy (argmax, ties to the lowest id), else logits are divided by it
 * @param topK keep only the k most likely tokens; 0 keeps all
 * @param topP keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param maxNewTokens most tokens to add per prompt
 * @param stopIds a row stops after producing one of these (EOS); empty never stops early
 * @param seed the sampler's random seed: the same seed, prompts and model give the same tokens
 */
public record SamplingConfig(double temperature, int topK, double topP, int maxNewTokens, Set<Long> stopIds, long seed) {
    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature " + temperature + " must be >= 0");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k " + topK + " must be >= 0 (0 = no limit)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p " + topP + " must be in (0, 1]");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max_new_tokens " + maxNewTokens + " must be >= 0");
        }
        stopIds = Set.copyOf(stopIds);
    }

    public static SamplingConfig greedy(int maxNewTokens) {
        return new SamplingConfig(0, 0, 1, maxNewTokens, Set.of(), 0);
    }
}
