package org.preflab.engine.train;

import java.util.SplittableRandom;

/**
 * The order examples are visited in: a fresh seeded permutation per epoch. The permutation depends only on (seed,
 * epoch), so the position (epoch, cursor) is all a checkpoint needs to continue the exact same order.
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
        if (cursor == size) {
            epoch++;
            cursor = 0;
            order = permutation(size, seed, epoch);
        }
        return order[cursor++];
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
