package org.preflab.engine.dpo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpoPartitionerTest {
    private static List<PairExample> pairs(int n) {
        List<PairExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PairExample(i, new long[] {1}, new long[] {2}, new long[] {3}));
        }
        return out;
    }

    private static List<List<Integer>> indices(List<List<PairExample>> steps) {
        return steps.stream().map(s -> s.stream().map(PairExample::index).toList()).toList();
    }

    private static double margin(int i) {
        return i % 3 == 0 ? -i : i; // pairs 0, 3, 6, 9 are not reward-accurate
    }

    @Test
    void twoStepsSplitAccurateFromTheRest() {
        List<List<PairExample>> s = SdpoPartitioner.easyToHard(pairs(10), 2, SdpoPartitionerTest::margin, 1);
        assertTrue(s.get(0).stream().allMatch(p -> margin(p.index()) > 0));
        assertTrue(s.get(1).stream().allMatch(p -> margin(p.index()) <= 0));
        assertEquals(6, s.get(0).size());
    }

    @Test
    void moreStepsGoFromEasyToHardInEqualChunks() {
        List<List<PairExample>> s = SdpoPartitioner.easyToHard(pairs(12), 3, SdpoPartitionerTest::margin, 1);
        assertEquals(List.of(4, 4, 4), s.stream().map(List::size).toList());
        double minFirst = s.get(0).stream().mapToDouble(p -> margin(p.index())).min().orElseThrow();
        double maxLast = s.get(2).stream().mapToDouble(p -> margin(p.index())).max().orElseThrow();
        assertTrue(minFirst > maxLast);
        assertEquals(indices(s), indices(SdpoPartitioner.easyToHard(pairs(12), 3, SdpoPartitionerTest::margin, 1)));
    }

    @Test
    void randomSplitUsesFractionsAndSeed() {
        List<List<PairExample>> s = SdpoPartitioner.random(pairs(12), 2, List.of(0.25, 0.75), 3);
        assertEquals(3, s.get(0).size());
        assertEquals(9, s.get(1).size());
        assertEquals(indices(s), indices(SdpoPartitioner.random(pairs(12), 2, List.of(0.25, 0.75), 3)));
        assertNotEquals(indices(s), indices(SdpoPartitioner.random(pairs(12), 2, List.of(0.25, 0.75), 4)));
        assertThrows(IllegalArgumentException.class, () -> SdpoPartitioner.random(pairs(1), 2, List.of(), 3));
    }
}
