package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeCheckTest {
    private static final CpuInfo AMD = new CpuInfo(CpuInfo.AMD, "AMD EPYC", true, 2);
    private static final CpuInfo INTEL = new CpuInfo("GenuineIntel", "Xeon", true, 2);
    private static final MklOverride.Status LOADED =
            new MklOverride.Status(true, true, Path.of("/c/lib.so"), "loaded from /c/lib.so");
    private static final MklOverride.Status NO_GCC =
            new MklOverride.Status(true, false, null, "could not build the override: gcc not found");
    private static final MklOverride.Status NOT_NEEDED =
            new MklOverride.Status(true, false, null, "not needed: CPU vendor is GenuineIntel");
    private static final MklOverride.Status OFF =
            new MklOverride.Status(false, false, null, "disabled by preflab.mklOverride");

    @Test
    void mklsOwnAnswerDecidesWhenReadableWhateverTheSpeed() {
        assertTrue(RuntimeCheck.effective(true, 7, true, 50));
        assertFalse(RuntimeCheck.effective(true, 0, true, 500));
    }

    @Test
    void speedDecidesOnAvx512WhenMklCannotBeAsked() {
        assertTrue(RuntimeCheck.effective(true, -1, true, 240));
        assertFalse(RuntimeCheck.effective(true, -1, true, 105));
        assertNull(RuntimeCheck.effective(true, -1, false, 105), "no measured threshold without AVX-512");
    }

    @Test
    void notLoadedIsNotEffective() {
        assertFalse(RuntimeCheck.effective(false, 7, true, 240));
    }

    @Test
    void noWarningWhenActiveNotNeededOrSwitchedOff() {
        assertEquals(List.of(), RuntimeCheck.warnings(AMD, LOADED, true, 7, 230));
        assertEquals(List.of(), RuntimeCheck.warnings(INTEL, NOT_NEEDED, false, 7, 230));
        assertEquals(List.of(), RuntimeCheck.warnings(AMD, OFF, false, 0, 100));
    }

    @Test
    void warnsWhenAmdRunsWithoutTheOverride() {
        List<String> w = RuntimeCheck.warnings(AMD, NO_GCC, false, 0, 100);
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("gcc not found") && w.get(0).contains("half speed"), w.get(0));
    }

    @Test
    void warnsWhenLoadedButMklStaysGeneric() {
        List<String> w = RuntimeCheck.warnings(AMD, LOADED, false, 0, 100);
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("generic path"), w.get(0));
    }

    @Test
    void warnsWhenLoadedButSpeedSaysOtherwise() {
        List<String> w = RuntimeCheck.warnings(AMD, LOADED, false, -1, 104.6);
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("105 GFLOP/s"), w.get(0));
    }
}
