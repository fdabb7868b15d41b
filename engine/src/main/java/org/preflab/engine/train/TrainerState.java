package org.preflab.engine.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a run stands, enough with the weights and optimizer moments to continue exactly: every random stream of
 * a run is derived from (seed, epoch, step), so these counters are its whole RNG state.
 *
 * @param step optimizer steps completed
 * @param epoch current epoch of the data order
 * @param cursor examples already taken from this epoch's permutation
 * @param seed the run's seed
 * @param numTokens tokens fed so far (TRL's num_tokens)
 */
public record TrainerState(
        @JsonProperty("step") int step,
        @JsonProperty("epoch") int epoch,
        @JsonProperty("cursor") int cursor,
        @JsonProperty("seed") long seed,
        @JsonProperty("num_tokens") long numTokens) {}
