package org.preflab.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A train/eval split: given by two files, or a seeded fraction of one. The fraction split is deterministic: the same
 * items, fraction and seed always give the same split, on any machine ({@link Random}'s algorithm is fixed by its
 * specification). Both parts keep file order, so the eval set reads like the file it came from.
 */
public record DatasetSplit<T>(List<T> train, List<T> eval) {
    public DatasetSplit {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
    }

    /** Train and eval from separate files. */
    public static <T> DatasetSplit<T> byFiles(List<T> train, List<T> eval) {
        return new DatasetSplit<>(train, eval);
    }

    /**
     * {@code round(n * evalFraction)} items (at least one, and never all) go to eval, chosen by a Fisher-Yates
     * shuffle of the positions seeded with {@code seed}; the rest are train. A fraction of 0 gives no eval set.
     *
     * @throws IllegalArgumentException for a fraction outside [0, 1), or fewer than two items to split
     */
    public static <T> DatasetSplit<T> byFraction(List<T> items, double evalFraction, long seed) {
        if (!(evalFraction >= 0 && evalFraction < 1)) {
            throw new IllegalArgumentException("eval_fraction = " + evalFraction + " is invalid: must be in [0, 1)");
        }
        if (evalFraction == 0) {
            return new DatasetSplit<>(items, List.of());
        }
        int n = items.size();
        if (n < 2) {
            throw new IllegalArgumentException("eval_fraction = " + evalFraction + " needs at least 2 pairs to split, "
                    + "got " + n);
        }
        int evalCount = (int) Math.min(n - 1, Math.max(1, Math.round(n * evalFraction)));
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] toEval = new boolean[n];
        for (int i = 0; i < evalCount; i++) {
            toEval[order[i]] = true;
        }
        List<T> train = new ArrayList<>(n - evalCount);
        List<T> eval = new ArrayList<>(evalCount);
        for (int i = 0; i < n; i++) {
            (toEval[i] ? eval : train).add(items.get(i));
        }
        return new DatasetSplit<>(train, eval);
    }
}
