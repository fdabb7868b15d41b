package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {
    @Test
    void startsOfflineAndComputes() {
        assertEquals("PyTorch", DjlRuntime.engine().getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            assertEquals(52f, a.matMul(a.transpose()).sum().getFloat(), 1e-6);
        }
    }

    @Test
    void withoutACudaLibtorchEveryManagerIsOnTheCpuAndTheReportSaysWhy() {
        DeviceStatus d = DjlRuntime.device();
        assertEquals("cpu", d.device());
        assertTrue(DjlRuntime.report().lines().contains(d.line()), DjlRuntime.report().lines().toString());
        try (NDManager m = DjlRuntime.newManager(); NDManager sub = m.newSubManager()) {
            assertEquals(ai.djl.Device.cpu(), m.getDevice());
            assertEquals(ai.djl.Device.cpu(), sub.create(new float[] {1}).getDevice(), "sub-managers inherit it");
        }
    }

    @Test
    void threadCountsAndCacheDirArePassedToDjlBeforeStart() {
        DjlRuntime.engine();
        RuntimeSettings s = DjlRuntime.settings();
        assertEquals(Integer.toString(s.interOpThreads()), System.getProperty("ai.djl.pytorch.num_interop_threads"));
        assertTrue(System.getProperty("ai.djl.pytorch.num_threads").matches("[1-9][0-9]*"));
        assertEquals(s.cacheDir().toString(), System.getProperty("DJL_CACHE_DIR"));
        assertEquals(s.interOpThreads(), DjlRuntime.report().interOpThreads());
    }

    @Test
    void configureAfterStartAcceptsOnlyTheSettingsInForce() {
        DjlRuntime.engine();
        RuntimeSettings inForce = DjlRuntime.settings();
        DjlRuntime.configure(inForce);
        var e = assertThrows(IllegalStateException.class,
                () -> DjlRuntime.configure(inForce.withInterOpThreads(inForce.interOpThreads() + 1)));
        assertTrue(e.getMessage().contains("already started"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> DjlRuntime.configure(inForce.withMklOverride(!inForce.mklOverride())));
        assertEquals(inForce, DjlRuntime.settings());
    }

    @Test
    void reportNamesVersionsThreadsAndSpeed() {
        RuntimeReport r = DjlRuntime.report();
        assertSame(r, DjlRuntime.report(), "measured once, at start");
        assertEquals("0.35.1", r.djlVersion());
        assertEquals("2.7.1", r.libtorchVersion());
        assertEquals(Runtime.version().toString(), r.javaVersion());
        assertEquals(CpuInfo.read().vendor(), r.cpuVendor());
        assertTrue(r.matmulGflops() > 0, "any positive speed; its level is machine- and load-dependent");
        assertTrue(r.intraOpThreads() >= 1 && r.interOpThreads() >= 1);
        assertFalse(r.lines().isEmpty());
    }

    @Test
    void overrideIsLoadedAndEffectiveOnAmdWithGccElseTheFallbackIsReported() {
        RuntimeReport r = DjlRuntime.report();
        assertEquals(DjlRuntime.settings().mklOverride(), r.overrideRequested());
        assertNotNull(r.overrideDetail());
        if (!r.overrideRequested()) {
            assertFalse(r.overrideLoaded());
        } else if (!CpuInfo.AMD.equals(r.cpuVendor())) {
            assertFalse(r.overrideLoaded());
            assertTrue(r.overrideDetail().startsWith("not needed"), r.overrideDetail());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        } else if (!NativeToolchain.gccAvailable()) {
            assertFalse(r.overrideLoaded());
            assertTrue(r.warnings().get(0).contains("half speed"), r.warnings().toString());
        } else {
            assertTrue(r.overrideLoaded(), r.overrideDetail());
            // Decided by MKL's own code path, not by timing, so a busy machine cannot fail this.
            assertEquals(r.mklCodePath() > 0, r.overrideEffective(), r.lines().toString());
            if (!r.overrideDetail().contains("after libtorch")) { // another test may have started DJL directly
                assertEquals(Boolean.TRUE, r.overrideEffective(), r.lines().toString());
                assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            }
        }
    }

    @Test
    void setIntraOpThreadsValidatesAndUpdatesSettings() {
        DjlRuntime.engine();
        int before = DjlRuntime.settings().intraOpThreads();
        assertThrows(IllegalArgumentException.class, () -> DjlRuntime.setIntraOpThreads(0));
        try {
            DjlRuntime.setIntraOpThreads(1);
            assertEquals(1, DjlRuntime.settings().intraOpThreads());
            assertEquals(1, ai.djl.pytorch.jni.JniUtils.getNumThreads());
        } finally {
            DjlRuntime.setIntraOpThreads(before);
        }
        assertEquals(before, DjlRuntime.settings().intraOpThreads());
    }
}
