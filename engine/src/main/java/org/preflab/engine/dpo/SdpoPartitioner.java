package org.preflab.engine.dpo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/** Splits pairs into sDPO steps (algorithms.md §2, "Partitioner"); BY_FILE splits come from the files themselves. */
public final class SdpoPartitioner {
    private SdpoPartitioner() {}

    /**
     * EASY_TO_HARD: with T = 2, D1 = reward-accurate pairs (γ > 0), D2 = the rest; with T > 2, sort by (accurate
     * first, γ descending) and cut into T equal chunks, each shuffled (seeded).
     *
     * @param margin γ of the pair with the given dataset index, under the initial reference
     */
    public static List<List<PairExample>> easyToHard(List<PairExample> pairs, int steps, IntToDoubleFunction margin,
            long seed) {
        if (steps == 2) {
            List<PairExample> easy = new ArrayList<>();
            List<PairExample> hard = new ArrayList<>();
            for (PairExample p : pairs) {
                (margin.applyAsDouble(p.index()) > 0 ? easy : hard).add(p);
            }
            return nonEmpty(List.of(shuffled(easy, seed, 0), shuffled(hard, seed, 1)));
        }
        List<PairExample> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparingDouble((PairExample p) -> margin.applyAsDouble(p.index()) > 0 ? 0 : 1)
                .thenComparing(Comparator.comparingDouble((PairExample p) -> margin.applyAsDouble(p.index())).reversed())
                .thenComparingInt(PairExample::index));
        List<List<PairExample>> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            int from = (int) ((long) sorted.size() * t / steps);
            int to = (int) ((long) sorted.size() * (t + 1) / steps);
            out.add(shuffled(sorted.subList(from, to), seed, t));
        }
        return nonEmpty(out);
    }

    /** RANDOM: a seeded shuffle cut by the given fractions (equal when empty). */
    public static List<List<PairExample>> random(List<PairExample> pairs, int steps, List<Double> fractions, long seed) {
        List<PairExample> all = shuffled(pairs, seed, -1);
        List<List<PairExample>> out = new ArrayList<>();
        double acc = 0;
        int from = 0;
        for (int t = 0; t < steps; t++) {
            acc += fractions.isEmpty() ? 1.0 / steps : fractions.get(t);
            int to = t == steps - 1 ? all.size() : (int) Math.round(acc * all.size());
            out.add(new ArrayList<>(all.subList(from, to)));
            from = to;
        }
        return nonEmpty(out);
    }

    private static List<PairExample> shuffled(List<PairExample> in, long seed, int salt) {
        List<PairExample> out = new ArrayList<>(in);
        SplittableRandom r = new SplittableRandom(seed * 31 + salt);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            PairExample t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    private static List<List<PairExample>> nonEmpty(List<List<PairExample>> steps) {
        for (int t = 0; t < steps.size(); t++) {
            if (steps.get(t).isEmpty()) {
                throw new IllegalArgumentException("sDPO step " + (t + 1) + " of " + steps.size()
                        + " has no pairs; use fewer steps or more data");
            }
        }
        return steps;
    }
}
