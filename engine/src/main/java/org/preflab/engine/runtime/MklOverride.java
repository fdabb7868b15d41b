package org.preflab.engine.runtime;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The MKL vendor override (djl.md §6). libtorch's statically linked MKL asks {@code mkl_serv_intel_cpu_true()}
 * whether the CPU is Intel's and on AMD takes a generic path: fp32 matmul at about half speed. A one-line C library
 * defining that symbol, loaded RTLD_GLOBAL <em>before</em> DJL loads libtorch, answers yes instead.
 *
 * <p>It is compiled on the spot with gcc (PrefLab ships no native binaries) into the cache folder under a
 * content-hashed name, so a changed source or flags gives a new file and an existing one is reused. Every failure
 * (not AMD, no gcc, compile or load error) is reported in the {@link Status}, never thrown: PrefLab then runs at the
 * stock speed.
 */
public final class MklOverride {
    static final String SYMBOL = "mkl_serv_intel_cpu_true";
    private static final NativeBuild BUILD = new NativeBuild("preflab-mkl-override", "mkl_override.c", "c",
            List.of("-O2", "-shared", "-fPIC"), List.of());
    private static final int RTLD_LAZY = 0x001;
    private static final int RTLD_NOW = 0x002;
    private static final int RTLD_NOLOAD = 0x004;
    private static final int RTLD_GLOBAL = 0x100;

    /** Held for the life of the JVM: libtorch's PLT points into this library once it loads. */
    private static volatile NativeLibrary loaded;

    private MklOverride() {}

    /**
     * What happened to the override.
     *
     * @param requested the setting asked for it
     * @param loaded the library is in the process, loaded RTLD_GLOBAL
     * @param library the compiled library, or null when none was built
     * @param detail why it was or was not loaded, for logs and reports
     */
    public record Status(boolean requested, boolean loaded, Path library, String detail) {}

    /**
     * Compiles (if needed) and loads the override when {@code requested} and the CPU is AMD. Meant to run before DJL
     * loads libtorch; loaded later it still takes effect if MKL has not made its first call (libtorch resolves the
     * symbol lazily), which the status notes and {@link #mklCodePath()} confirms.
     *
     * @param compiler the C compiler command, normally "gcc"
     */
    public static Status apply(boolean requested, CpuInfo cpu, Path cacheDir, String compiler) {
        if (!requested) {
            return new Status(false, false, null, "disabled by " + RuntimeSettings.MKL_OVERRIDE_PROPERTY);
        }
        if (!cpu.isAmd()) {
            return new Status(true, false, null, "not needed: CPU vendor is " + cpu.vendor());
        }
        Path library;
        try {
            library = compile(cacheDir.resolve("preflab"), compiler);
        } catch (IOException e) {
            return new Status(true, false, null, "could not build the override: " + e.getMessage());
        }
        boolean libtorchFirst = libtorchPath() != null;
        try {
            load(library);
        } catch (RuntimeException | LinkageError e) {
            return new Status(true, false, library, "could not load " + library + ": " + e);
        }
        // Measured: libtorch binds the symbol lazily, at MKL's first call, so a late load still works if no MKL op
        // has run yet; mklCodePath() tells after the fact.
        return new Status(true, true, library, "loaded from " + library
                + (libtorchFirst ? " after libtorch; effective only if MKL had not run yet" : ""));
    }

    /** Builds the override into {@code dir} unless a library with the same content hash is there. */
    static Path compile(Path dir, String compiler) throws IOException {
        return BUILD.compile(dir, compiler);
    }

    /**
     * The code path MKL chose in the running libtorch ({@code mkl_serv_cpu_detect()}), or -1 if libtorch is not
     * loaded or has no such symbol. Measured on a Zen 5 EPYC: 0 (generic) as shipped, 7 (AVX-512) with the override.
     * Unlike a timing, it cannot be fooled by a busy machine.
     */
    public static int mklCodePath() {
        String libtorch = libtorchPath();
        if (libtorch == null) {
            return -1;
        }
        try {
            // RTLD_NOLOAD: only find the copy DJL loaded; no RTLD_GLOBAL, which would widen its symbols' scope.
            NativeLibrary lib = NativeLibrary.getInstance(libtorch,
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
            return lib.getFunction("mkl_serv_cpu_detect").invokeInt(new Object[0]);
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    static byte[] source() throws IOException {
        return BUILD.source();
    }

    private static void load(Path library) {
        NativeLibrary lib = NativeLibrary.getInstance(library.toString(),
                Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
        int answer = lib.getFunction(SYMBOL).invokeInt(new Object[0]);
        if (answer != 1) {
            throw new IllegalStateException(SYMBOL + " returned " + answer + " instead of 1");
        }
        loaded = lib;
    }

    static String hash(byte[] source, String compiler) {
        return BUILD.hash(source, compiler);
    }

    /** Where libtorch_cpu.so is mapped in this process, or null when it is not (yet) loaded. */
    static String libtorchPath() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.endsWith("/libtorch_cpu.so")) {
                    return line.substring(slash);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to report
        }
        return null;
    }
}
