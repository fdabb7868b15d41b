package org.preflab.engine.apl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.Candidate;

/** The built-in functions' filters, on a context whose scores are known: item i has entropy i, pair i certainty -i. */
class AcquisitionFunctionsTest {
    static final class FakeContext implements AcquisitionContext {
        final List<String> calls = new ArrayList<>();
        final List<int[]> kept = new ArrayList<>();

        @Override
        public List<Integer> draw(int count) {
            calls.add("draw " + count);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < Math.min(count, 100); i++) {
                out.add(i);
            }
            return out;
        }

        @Override
        public double[] entropy(List<Integer> items) {
            calls.add("entropy " + items.size());
            return items.stream().mapToDouble(i -> i).toArray();
        }

        @Override
        public List<Candidate> pairs(List<Integer> items) {
            calls.add("pairs " + items.size());
            return items.stream().map(i -> new Candidate("c" + i, i, "p", new long[] {1}, new long[] {2},
                    new long[] {3}, "a", "b")).toList();
        }

        @Override
        public double[] certainty(List<Candidate> pairs) {
            calls.add("certainty " + pairs.size());
            return pairs.stream().mapToDouble(c -> -c.item()).toArray();
        }

        @Override
        public void kept(String score, int[] positions) {
            calls.add("kept " + score + " " + positions.length);
            kept.add(positions);
        }

        @Override
        public int overgenerate() {
            return 4;
        }

        @Override
        public int oversamplePrompts() {
            return 2;
        }
    }

    @Test
    void entropyThenCertaintyFiltersInTheirOrder() {
        FakeContext ctx = new FakeContext();
        List<Candidate> got = new EntropyCertaintyAcquisition().acquire(ctx, 3);
        assertEquals(List.of("draw 24", "entropy 24", "kept entropy 12", "pairs 12", "certainty 12",
                "kept certainty 3"), ctx.calls);
        // entropy keeps items 23..12 (highest first); certainty −item keeps the smallest items among those
        assertEquals(List.of(12, 13, 14), got.stream().map(Candidate::item).toList());
    }

    @Test
    void singleScoreBaselines() {
        FakeContext e = new FakeContext();
        assertEquals(List.of(5, 4, 3), new EntropyAcquisition().acquire(e, 3).stream().map(Candidate::item).toList(),
                "the n of highest entropy out of n*P = 6");
        FakeContext c = new FakeContext();
        assertEquals(List.of(0, 1, 2), new CertaintyAcquisition().acquire(c, 3).stream().map(Candidate::item).toList());
        assertEquals("draw 12", c.calls.get(0), "n*G pairs");
        FakeContext r = new FakeContext();
        assertEquals(3, new RandomAcquisition().acquire(r, 3).size());
        assertEquals(List.of("draw 3", "pairs 3"), r.calls, "random scores nothing");
    }

    @Test
    void builtInsAreFoundByIdAndUnknownIdsListThem() {
        assertEquals("entropy_certainty", Acquisitions.get("entropy_certainty").id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Acquisitions.get("entrpy"));
        assertTrue(e.getMessage().contains("known: certainty, entropy, entropy_certainty, random"), e.getMessage());
    }

    @Test
    void topBreaksTiesByPosition() {
        assertArrayEquals(new int[] {1, 3, 0}, AcquisitionContext.top(new double[] {1, 5, 0, 5}, 3));
        assertArrayEquals(new int[] {0}, AcquisitionContext.top(new double[] {2}, 5));
    }
}
