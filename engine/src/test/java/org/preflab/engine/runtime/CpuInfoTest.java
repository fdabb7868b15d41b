package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    private static final String AMD = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model name\t: AMD EPYC
            flags\t\t: fpu sse2 avx2 avx512f avx512bw

            processor\t: 1
            vendor_id\t: GenuineIntel
            model name\t: something else
            flags\t\t: fpu
            """;

    @Test
    void readsTheFirstProcessorBlock() {
        CpuInfo cpu = CpuInfo.parse(AMD, 2);
        assertEquals(new CpuInfo("AuthenticAMD", "AMD EPYC", true, 2), cpu);
        assertTrue(cpu.isAmd());
    }

    @Test
    void intelWithoutAvx512() {
        CpuInfo cpu = CpuInfo.parse("vendor_id : GenuineIntel\nmodel name : Xeon\nflags : sse2 avx2 avx512vl\n", 4);
        assertEquals("GenuineIntel", cpu.vendor());
        assertFalse(cpu.isAmd());
        assertFalse(cpu.avx512(), "avx512vl alone is not avx512f");
    }

    @Test
    void unreadableTextGivesUnknownVendorSoNoOverride() {
        CpuInfo cpu = CpuInfo.parse("", 1);
        assertEquals("unknown", cpu.vendor());
        assertFalse(cpu.isAmd());
    }

    @Test
    void readsThisMachine() {
        CpuInfo cpu = CpuInfo.read();
        assertNotNull(cpu.vendor());
        assertEquals(Runtime.getRuntime().availableProcessors(), cpu.cores());
    }
}
