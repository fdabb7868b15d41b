package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MklOverrideTest {
    private static final CpuInfo AMD = new CpuInfo(CpuInfo.AMD, "AMD EPYC", true, 2);
    private static final CpuInfo INTEL = new CpuInfo("GenuineIntel", "Xeon", true, 2);

    @TempDir
    Path dir;

    @Test
    void sourceIsTheOneLineOverride() throws IOException {
        String source = new String(MklOverride.source(), StandardCharsets.UTF_8);
        assertTrue(source.contains("int mkl_serv_intel_cpu_true(void) { return 1; }"), source);
    }

    @Test
    void disabledBySettingDoesNothing() {
        MklOverride.Status s = MklOverride.apply(false, AMD, dir, "gcc");
        assertFalse(s.requested());
        assertFalse(s.loaded());
        assertTrue(s.detail().contains("preflab.mklOverride"), s.detail());
        assertEquals(0, count(dir));
    }

    @Test
    void notNeededOnIntel() {
        MklOverride.Status s = MklOverride.apply(true, INTEL, dir, "gcc");
        assertTrue(s.requested());
        assertFalse(s.loaded());
        assertNull(s.library());
        assertTrue(s.detail().contains("GenuineIntel"), s.detail());
        assertEquals(0, count(dir));
    }

    @Test
    void missingCompilerIsReportedNotThrown() {
        MklOverride.Status s = MklOverride.apply(true, AMD, dir, "preflab-no-such-compiler");
        assertFalse(s.loaded());
        assertTrue(s.detail().contains("preflab-no-such-compiler not found"), s.detail());
    }

    @Test
    void failingCompilerIsReportedAndLeavesNoFiles() throws IOException {
        // `false` accepts any arguments and exits with 1, like a compiler that rejects the source.
        MklOverride.Status s = MklOverride.apply(true, AMD, dir, "false");
        assertFalse(s.loaded());
        assertTrue(s.detail().contains("exited with 1"), s.detail());
        assertEquals(0, count(dir.resolve("preflab")), "temporary files are removed");
    }

    @Test
    void nameDependsOnCompilerAndSource() {
        byte[] src = "int x;".getBytes(StandardCharsets.UTF_8);
        assertEquals(MklOverride.hash(src, "gcc"), MklOverride.hash(src, "gcc"));
        assertNotEquals(MklOverride.hash(src, "gcc"), MklOverride.hash(src, "clang"));
        assertNotEquals(MklOverride.hash(src, "gcc"), MklOverride.hash("int y;".getBytes(), "gcc"));
    }

    @Test
    void compilesOnceThenReusesTheHashedFile() throws Exception {
        assumeTrue(NativeToolchain.gccAvailable(), "gcc not installed; the fallback is covered above");
        Path lib = MklOverride.compile(dir, "gcc");
        assertTrue(lib.getFileName().toString().matches("libpreflab-mkl-override-[0-9a-f]{16}\\.so"), lib.toString());
        FileTime built = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(lib, built);
        assertEquals(lib, MklOverride.compile(dir, "gcc"));
        assertEquals(built, Files.getLastModifiedTime(lib), "an existing library is not rebuilt");
        assertEquals(1, count(dir), "no temporary files left");

        // RTLD_LOCAL here: this test only checks the function, the process-wide load is DjlRuntime's job.
        NativeLibrary loaded = NativeLibrary.getInstance(lib.toString(), Map.of(Library.OPTION_OPEN_FLAGS, 0x002));
        assertEquals(1, loaded.getFunction(MklOverride.SYMBOL).invokeInt(new Object[0]));
    }

    @Test
    void concurrentBuildsAgreeOnOneFile() throws Exception {
        assumeTrue(NativeToolchain.gccAvailable(), "gcc not installed");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> builds = List.of(pool.submit(() -> MklOverride.compile(dir, "gcc")),
                    pool.submit(() -> MklOverride.compile(dir, "gcc")));
            assertEquals(builds.get(0).get(), builds.get(1).get());
            assertTrue(Files.size(builds.get(0).get()) > 0);
            assertEquals(1, count(dir));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void onAmdWithGccItLoadsOtherwiseTheDocumentedFallback() {
        CpuInfo cpu = CpuInfo.read();
        // Loading is process-wide (RTLD_GLOBAL), so do it only where this JVM's settings want the override anyway,
        // and into the same cache folder DjlRuntime uses.
        assumeTrue(!cpu.isAmd() || DjlRuntime.settings().mklOverride(), "override disabled for this JVM");
        MklOverride.Status s = MklOverride.apply(true, cpu, DjlRuntime.settings().cacheDir(), "gcc");
        if (!cpu.isAmd()) {
            assertFalse(s.loaded());
            assertTrue(s.detail().startsWith("not needed"), s.detail());
        } else if (!NativeToolchain.gccAvailable()) {
            assertFalse(s.loaded());
            assertTrue(s.detail().startsWith("could not build"), s.detail());
        } else {
            assertTrue(s.loaded(), s.detail());
            assertTrue(Files.isRegularFile(s.library()));
        }
    }

    @Test
    void codePathIsUnknownOrANonNegativeNumber() {
        // -1 before libtorch is loaded; after, whatever MKL reports. The value itself is checked in DjlRuntimeTest.
        assertTrue(MklOverride.mklCodePath() >= -1);
    }

    @Test
    void compileFailsWithIOExceptionForTheCaller() {
        assertThrows(IOException.class, () -> MklOverride.compile(dir, "preflab-no-such-compiler"));
    }

    private static long count(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
