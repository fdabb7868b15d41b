package org.preflab.engine.apl;

import org.preflab.engine.dpo.PairExample;

/**
 * One item of a label-efficient loop's pool: a prompt, and in the offline setting the dataset's pair whose label
 * stays hidden until acquired.
 *
 * @param prompt the prompt text
 * @param promptTokens the prompt as the model sees it
 * @param pair the dataset's pair (chosen and rejected texts and tokens), or null when the pool is prompts only
 */
public record PoolItem(String prompt, long[] promptTokens, PairExample pair) {}
