package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemoryProbeTest {
    @Test
    void parsesVmRss() throws IOException {
        assertEquals(236_544, MemoryProbe.parseVmRssKb("Name:\tjava\nVmHWM:\t  300000 kB\nVmRSS:\t  236544 kB\n"));
        assertThrows(IOException.class, () -> MemoryProbe.parseVmRssKb("Name:\tjava\n"));
    }

    @Test
    void rssOfThisProcess() {
        long kb = MemoryProbe.rssKb();
        assertTrue(kb > 10_000, "a JVM uses more than 10 MB: " + kb);
        assertTrue(Math.abs(MemoryProbe.rssMb() - kb / 1024) < 256, "same measure in MiB");
    }

    @Test
    void countsArraysThroughSubManagers() {
        try (NDManager root = DjlRuntime.engine().newBaseManager()) {
            root.zeros(new Shape(2));
            root.zeros(new Shape(2));
            NDManager step = root.newSubManager();
            step.ones(new Shape(3));
            NDList list = new NDList(step.ones(new Shape(1)), step.ones(new Shape(1)));
            NDManager inner = step.newSubManager();
            inner.ones(new Shape(1));
            assertEquals(6, MemoryProbe.managedArrays(root));
            assertEquals(4, MemoryProbe.managedArrays(step));
            list.attach(root); // moved, not copied: still counted once
            assertEquals(6, MemoryProbe.managedArrays(root));
            inner.close();
            assertEquals(5, MemoryProbe.managedArrays(root));
            step.close();
            assertEquals(4, MemoryProbe.managedArrays(root), "the two attached to root survive the step");
        }
    }

    @Test
    void rssFollowsALargeArray() {
        try (NDManager m = DjlRuntime.engine().newBaseManager()) {
            long before = MemoryProbe.rssMb();
            // 128 MiB of floats, written by ones(): counted in RSS whatever else happens in this JVM.
            var big = m.ones(new Shape(32, 1024, 1024));
            MemoryProbe.Snapshot during = MemoryProbe.snapshot(m);
            assertEquals(1, during.arrays());
            assertTrue(during.rssMb() - before >= 100, "RSS " + before + " -> " + during.rssMb() + " MiB");
            big.close();
            assertEquals(0, MemoryProbe.managedArrays(m));
        }
    }
}
