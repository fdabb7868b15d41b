package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
    private static final Path DEFAULT_CACHE = Path.of("/default/cache");

    private static RuntimeSettings parse(Map<String, String> props, Map<String, String> env) {
        return RuntimeSettings.parse(props::get, env::get, 8, DEFAULT_CACHE);
    }

    @Test
    void defaultsAreAllCoresOneInterOpThreadOverrideOnAndTheDefaultCache() {
        RuntimeSettings s = parse(Map.of(), Map.of());
        assertEquals(new RuntimeSettings(8, 1, true, DEFAULT_CACHE), s);
    }

    @Test
    void readsEnvironmentVariables() {
        RuntimeSettings s = parse(Map.of(), Map.of("PREFLAB_THREADS", "1", "PREFLAB_INTEROP_THREADS", "2",
                "PREFLAB_MKL_OVERRIDE", "0", "DJL_CACHE_DIR", "/env/cache"));
        assertEquals(new RuntimeSettings(1, 2, false, Path.of("/env/cache")), s);
    }

    @Test
    void deviceIsAutoUnlessSetAndABadValueIsNamed() {
        assertEquals(DeviceChoice.AUTO, parse(Map.of(), Map.of()).device());
        assertEquals(DeviceChoice.GPU, parse(Map.of(), Map.of("PREFLAB_DEVICE", "GPU")).device());
        assertEquals(DeviceChoice.CPU,
                parse(Map.of("preflab.device", "cpu"), Map.of("PREFLAB_DEVICE", "gpu")).device());
        var e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), Map.of("PREFLAB_DEVICE", "tpu")));
        assertEquals("preflab.device must be auto, cpu or gpu, got 'tpu'", e.getMessage());
    }

    @Test
    void systemPropertyWinsOverEnvironmentVariable() {
        RuntimeSettings s = parse(
                Map.of("preflab.threads", "3", "preflab.interopThreads", "4", "preflab.mklOverride", "true"),
                Map.of("PREFLAB_THREADS", "1", "PREFLAB_INTEROP_THREADS", "1", "PREFLAB_MKL_OVERRIDE", "0"));
        assertEquals(3, s.intraOpThreads());
        assertEquals(4, s.interOpThreads());
        assertTrue(s.mklOverride());
    }

    @Test
    void cacheDirFollowsDjlsOwnOrderEnvironmentFirst() {
        assertEquals(Path.of("/env"), parse(Map.of("DJL_CACHE_DIR", "/prop"), Map.of("DJL_CACHE_DIR", "/env"))
                .cacheDir());
        assertEquals(Path.of("/prop"), parse(Map.of("DJL_CACHE_DIR", "/prop"), Map.of()).cacheDir());
    }

    @Test
    void blankValuesMeanUnset() {
        RuntimeSettings s = parse(Map.of("preflab.threads", " "), Map.of("PREFLAB_THREADS", "2",
                "DJL_CACHE_DIR", ""));
        assertEquals(2, s.intraOpThreads());
        assertEquals(DEFAULT_CACHE, s.cacheDir());
    }

    @Test
    void booleanSpellings() {
        for (String off : new String[] {"0", "false", "FALSE", "no", "off"}) {
            assertFalse(parse(Map.of("preflab.mklOverride", off), Map.of()).mklOverride(), off);
        }
        for (String on : new String[] {"1", "true", "Yes", "on"}) {
            assertTrue(parse(Map.of("preflab.mklOverride", on), Map.of()).mklOverride(), on);
        }
    }

    @Test
    void badValuesNameTheSetting() {
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), Map.of("PREFLAB_THREADS", "two")));
        assertTrue(e1.getMessage().contains("preflab.threads") && e1.getMessage().contains("two"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("preflab.interopThreads", "0"), Map.of()));
        assertTrue(e2.getMessage().contains("preflab.interopThreads"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("preflab.mklOverride", "maybe"), Map.of()));
        assertTrue(e3.getMessage().contains("preflab.mklOverride"), e3.getMessage());
    }

    @Test
    void recordRejectsNonPositiveThreads() {
        assertThrows(IllegalArgumentException.class, () -> new RuntimeSettings(0, 1, true, DEFAULT_CACHE));
        assertThrows(IllegalArgumentException.class, () -> new RuntimeSettings(1, 0, true, DEFAULT_CACHE));
        assertThrows(IllegalArgumentException.class,
                () -> new RuntimeSettings(2, 1, true, DEFAULT_CACHE).withIntraOpThreads(-1));
    }

    @Test
    void atLeastOneThreadEvenIfNoCoresAreReported() {
        assertEquals(1, RuntimeSettings.parse(k -> null, k -> null, 0, DEFAULT_CACHE).intraOpThreads());
    }

    @Test
    void withersChangeOneField() {
        RuntimeSettings s = new RuntimeSettings(2, 1, true, DEFAULT_CACHE);
        assertEquals(new RuntimeSettings(1, 1, true, DEFAULT_CACHE), s.withIntraOpThreads(1));
        assertEquals(new RuntimeSettings(2, 3, true, DEFAULT_CACHE), s.withInterOpThreads(3));
        assertEquals(new RuntimeSettings(2, 1, false, DEFAULT_CACHE), s.withMklOverride(false));
        assertEquals(new RuntimeSettings(2, 1, true, Path.of("/x")), s.withCacheDir(Path.of("/x")));
    }
}
