package org.preflab.engine.train;

import java.util.SplittableRandom;

/**
 * The order examples are visited in: a fresh seeded permutation per epoch. The permutation depends only on (seed,
 * epoch), so the position (epoch, cursor) is all a checkpoint needs to continue the exact same order. Batches end
 * with their epoch, as a Hugging Face DataLoader's do (drop_last false): the last one of an epoch may be short,
 * and none mixes two epochs' orders.
 */
public final class DataOrder {
    private final int size;
    private final long seed;
    private int epoch;
    private int cursor;
    private int[] order;

    public DataOrder(int size, long seed, int epoch, int cursor) {
        if (size <= 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.size = size;
        this.seed = seed;
        this.epoch = epoch;
        this.cursor = cursor;
        this.order = permutation(size, seed, epoch);
    }

    /** The next example index, moving to a new epoch (and permutation) at the end of one. */
    public int next() {
        turnEpochIfDone();
        return order[cursor++];
    }

    /** Starts the next epoch when this one is used up; a no-op otherwise. */
    private void turnEpochIfDone() {
        if (cursor >= size) {
            epoch++;
            cursor = 0;
            order = permutation(size, seed, epoch);
        }
    }

    /** The next batch of at most {@code batchSize} example indices, ending at the end of its epoch. */
    public int[] nextBatch(int batchSize) {
        turnEpochIfDone();
        int n = Math.min(batchSize, size - cursor);
        int[] batch = java.util.Arrays.copyOfRange(order, cursor, cursor + n);
        cursor += n;
        return batch;
    }

    /**
     * Batches of {@code batchSize} left in the current epoch (the last may be short), or in the next one when this
     * one is used up: how many micro-batches the next optimizer step may take before the epoch ends.
     */
    public int batchesLeftInEpoch(int batchSize) {
        int left = cursor >= size ? size : size - cursor;
        return (left + batchSize - 1) / batchSize;
    }

    public int epoch() {
        return epoch;
    }

    public int cursor() {
        return cursor;
    }

    static int[] permutation(int n, long seed, int epoch) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
