package org.preflab.engine.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sampler without per-token buffers and full sorts draws exactly the tokens the plain version did: same seed,
 * same rows, same ids, whatever top-k and top-p, with ties, zeros and a mass reached only deep in the vocabulary.
 */
class TokenSamplerTest {
    @Test
    void drawsWhatTheFullSortDrew() {
        Random gen = new Random(11);
        int[] vocabs = {1, 2, 7, 64, 65, 300, 4096};
        int[] topKs = {0, 1, 3, 50, 5000};
        double[] topPs = {1.0, 0.999, 0.95, 0.5, 1e-6};
        int checked = 0;
        for (int v : vocabs) {
            for (int k : topKs) {
                for (double p : topPs) {
                    SamplingConfig cfg = new SamplingConfig(1.0, k, p, 1, Set.of(), 1000L * v + k);
                    TokenSampler fast = new TokenSampler(cfg);
                    PlainSampler plain = new PlainSampler(cfg);
                    for (int trial = 0; trial < 12; trial++) {
                        float[] rows = rows(gen, 3, v, trial);
                        for (int r = 0; r < 3; r++) {
                            assertEquals(plain.next(rows, r * v, v), fast.next(rows, r * v, v),
                                    "v " + v + " top_k " + k + " top_p " + p + " trial " + trial + " row " + r);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 5000);
    }

    @Test
    void keysOrderByDescendingProbabilityThenId() {
        float[] p = {0.5f, 0f, 0.25f, 0.5f, Float.MIN_VALUE, 1e-30f, 0.25f, -0f, Float.NaN};
        long[] keys = new long[p.length];
        for (int j = 0; j < p.length; j++) {
            keys[j] = TokenSampler.key(p[j], j);
        }
        Integer[] expected = new Integer[p.length];
        for (int j = 0; j < p.length; j++) {
            expected[j] = j;
        }
        Arrays.sort(expected, (a, b) -> Double.compare(p[b], p[a]) != 0 ? Double.compare(p[b], p[a]) : a - b);
        Arrays.sort(keys);
        int[] got = Arrays.stream(keys).mapToInt(x -> (int) x).toArray();
        assertArrayEquals(Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), got);
    }

    @Test
    void ordersTheSmallestOfARangeOnly() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(400);
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = (r.nextInt(100) - 50) * 1000L + i; // few values, made distinct as the sampler's keys are
            }
            Arrays.sort(expected);
            int from = r.nextInt(n);
            long[] a = expected.clone(); // a sorted prefix of the smallest, as the sampler extends, the rest shuffled
            for (int i = n - 1; i > from; i--) {
                int j = from + r.nextInt(i - from + 1);
                long t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            int count = r.nextInt(n - from + 1);
            TokenSampler.orderSmallest(a, from, n, count);
            assertArrayEquals(Arrays.copyOf(expected, from + count), Arrays.copyOf(a, from + count));
            long[] rest = Arrays.copyOfRange(a, from + count, n);
            Arrays.sort(rest);
            assertArrayEquals(Arrays.copyOfRange(expected, from + count, n), rest);
        }
    }

    /** Softmax-like rows: peaked, flat with ties, sparse with zeros, or a long tail that top-p must go deep into. */
    private static float[] rows(Random gen, int b, int v, int trial) {
        float[] out = new float[b * v];
        for (int r = 0; r < b; r++) {
            double sum = 0;
            double[] x = new double[v];
            for (int j = 0; j < v; j++) {
                x[j] = switch (trial % 4) {
                    case 0 -> Math.exp(3 * gen.nextGaussian());
                    case 1 -> 1 + gen.nextInt(3); // many ties
                    case 2 -> gen.nextInt(4) == 0 ? 0 : gen.nextDouble();
                    default -> 1.0 / (1 + j % 97) + 1e-3 * gen.nextDouble();
                };
                sum += x[j];
            }
            for (int j = 0; j < v; j++) {
                out[r * v + j] = (float) (x[j] / sum);
            }
        }
        return out;
    }

    /** The sampler as it was: the row into a double[], top-k/top-p by a full sort of boxed ids. */
    private static final class PlainSampler {
        private final SamplingConfig cfg;
        private final SplittableRandom random;

        PlainSampler(SamplingConfig cfg) {
            this.cfg = cfg;
            this.random = new SplittableRandom(cfg.seed());
        }

        long next(float[] row, int offset, int v) {
            double[] p = new double[v];
            double total = 0;
            for (int j = 0; j < v; j++) {
                p[j] = row[offset + j];
                total += p[j];
            }
            if (cfg.topK() > 0 || cfg.topP() < 1) {
                total = truncate(p, total);
            }
            double u = random.nextDouble() * total;
            double acc = 0;
            int last = 0;
            for (int j = 0; j < v; j++) {
                if (p[j] > 0) {
                    acc += p[j];
                    last = j;
                    if (u < acc) {
                        return j;
                    }
                }
            }
            return last;
        }

        private double truncate(double[] p, double total) {
            Integer[] order = new Integer[p.length];
            for (int j = 0; j < p.length; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
            int keep = cfg.topK() > 0 ? Math.min(cfg.topK(), p.length) : p.length;
            if (cfg.topP() < 1) {
                double acc = 0;
                int n = 0;
                while (n < keep) {
                    acc += p[order[n++]] / total;
                    if (acc >= cfg.topP()) {
                        break;
                    }
                }
                keep = n;
            }
            double kept = 0;
            for (int i = 0; i < p.length; i++) {
                if (i < keep) {
                    kept += p[order[i]];
                } else {
                    p[order[i]] = 0;
                }
            }
            return kept;
        }
    }
}
