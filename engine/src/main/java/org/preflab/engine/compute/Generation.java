package org.preflab.engine.compute;

/**
 * One prompt's continuation.
 *
 * @param tokens the new tokens, including the stop token when {@code stopped}
 * @param stopped true when a stop id ended it, false when it reached max new tokens
 */
public record Generation(long[] tokens, boolean stopped) {}
