package org.preflab.engine.compute;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits, on the Java side: a Java random stream makes runs reproducible
 * regardless of libtorch's RNG or thread count.
 *
 * <p>It allocates nothing per token: a copy of each row into a fresh double[] was 32 KB a row and token at a 4,096
 * vocabulary, 400 KB at GPT-2's, page-faulted in and zeroed in a young heap; and top-k / top-p sorted the whole
 * vocabulary as boxed Integers (a few milliseconds a row at 50,000 tokens, more than a small model's forward). Now
 * the tokens are ordered by one primitive key each, and only as far as top-k and top-p look. The draws are the ones
 * the older code made, sum for sum in the same order, so a seed gives the same tokens.
 */
final class TokenSampler {
    /** Most likely tokens ordered at first when top-p has to look; 4x more each time the mass is not reached. */
    private static final int FIRST_LOOK = 64;

    private final SamplingConfig cfg;
    private final SplittableRandom random;
    /** Per token, descending probability then ascending id: see {@link #key}; reused from row to row. */
    private long[] keys = new long[0];
    /** The kept tokens' ids, ascending, for the draw; reused from row to row. */
    private int[] kept = new int[0];

    TokenSampler(SamplingConfig cfg) {
        this.cfg = cfg;
        this.random = new SplittableRandom(cfg.seed());
    }

    /**
     * Samples from one row, {@code row[offset .. offset + v)}: the logits when the temperature is 0 (argmax), else
     * the probabilities softmax(logits / temperature), which libtorch computes for the whole batch at once (32,768
     * exponentials a step for 8 rows of a 4,096 vocabulary in Java's Math.exp were half of the Java-side samples of
     * a Flight Recorder profile of sampling).
     */
    long next(float[] row, int offset, int v) {
        if (cfg.temperature() == 0) {
            return argmax(row, offset, v);
        }
        double total = 0;
        for (int j = 0; j < v; j++) {
            total += row[offset + j];
        }
        if (cfg.topK() > 0 || cfg.topP() < 1) {
            return truncatedDraw(row, offset, v, total);
        }
        return draw(row, offset, null, v, total);
    }

    /**
     * Draws token {@code ids[i]} (token i when {@code ids} is null), i below {@code count} in ascending id order, with
     * probability row[offset + id] / mass.
     */
    private long draw(float[] row, int offset, int[] ids, int count, double mass) {
        double u = random.nextDouble() * mass;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < count; i++) {
            int j = ids == null ? i : ids[i];
            double p = row[offset + j];
            if (p > 0) {
                acc += p;
                last = j;
                if (u < acc) {
                    return j;
                }
            }
        }
        return last; // rounding left u at the very top
    }

    /**
     * Draws among the top-k tokens, and of those the fewest most likely whose share of {@code total} reaches top-p
     * (ties by the lower id), from their remaining mass.
     */
    private long truncatedDraw(float[] row, int offset, int v, double total) {
        if (keys.length < v) {
            keys = new long[v];
            kept = new int[v];
        }
        for (int j = 0; j < v; j++) {
            keys[j] = key(row[offset + j], j);
        }
        int keep = cfg.topK() > 0 ? Math.min(cfg.topK(), v) : v;
        int sorted; // keys[0, sorted) are the most likely tokens, in order
        if (cfg.topP() < 1) {
            double acc = 0;
            int n = 0;
            sorted = 0;
            while (n < keep) {
                if (n == sorted) { // order the next most likely ones: a few tokens usually hold the mass
                    int more = Math.min(keep, sorted == 0 ? FIRST_LOOK : sorted * 4) - sorted;
                    orderSmallest(keys, sorted, v, more);
                    sorted += more;
                }
                acc += row[offset + id(keys[n++])] / total;
                if (acc >= cfg.topP()) {
                    break;
                }
            }
            keep = n;
        } else {
            orderSmallest(keys, 0, v, keep);
        }
        double mass = 0;
        for (int i = 0; i < keep; i++) {
            int j = id(keys[i]);
            mass += row[offset + j];
            kept[i] = j;
        }
        Arrays.sort(kept, 0, keep);
        return draw(row, offset, kept, keep, mass);
    }

    /**
     * A long that sorts ascending as the probabilities descend, ties by ascending id: the float's bits made monotonic
     * over all floats (Double.compare's order, NaN first), inverted, above the id.
     */
    static long key(float p, int id) {
        int bits = Float.floatToIntBits(p);
        int monotonic = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~monotonic << 32) | id;
    }

    private static int id(long key) {
        return (int) key;
    }

    /**
     * Puts the {@code count} smallest keys of {@code a[from, to)} at {@code a[from, from + count)}, in ascending order:
     * a quickselect partition (linear) and a sort of the part kept only.
     */
    static void orderSmallest(long[] a, int from, int to, int count) {
        if (count <= 0) {
            return;
        }
        int lo = from;
        int hi = to - 1;
        int target = from + count - 1; // the last index that must hold its sorted key
        while (lo < hi) {
            long pivot = median(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                break; // a[j+1 .. i-1] equal the pivot: the target sits among them
            }
        }
        Arrays.sort(a, from, from + count);
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    static long argmax(float[] logits, int offset, int v) {
        int best = 0;
        for (int j = 1; j < v; j++) {
            if (logits[offset + j] > logits[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
