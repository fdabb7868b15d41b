package org.preflab.engine.runtime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the PyTorch engine is started. libtorch reads its thread counts once, at engine start, so these are fixed
 * before {@link DjlRuntime#engine()} runs (only the intra-op count can change later, see
 * {@link DjlRuntime#setIntraOpThreads(int)}).
 *
 * <p>Read by {@link #fromEnvironment()}; a system property wins over the environment variable:
 * <ul>
 *   <li>{@code preflab.threads} / {@code PREFLAB_THREADS}: intra-op threads (default: the machine's cores). Small
 *       models often run faster on 1 thread (djl.md §5).
 *   <li>{@code preflab.interopThreads} / {@code PREFLAB_INTEROP_THREADS}: inter-op threads (default 1; PrefLab runs
 *       one op at a time from one thread, so a larger pool only idles).
 *   <li>{@code preflab.mklOverride} / {@code PREFLAB_MKL_OVERRIDE}: {@code true}/{@code false} (also 1/0, yes/no,
 *       on/off); default true. See {@link MklOverride}.
 *   <li>{@code preflab.fusedOps} / {@code PREFLAB_FUSED_OPS}: libtorch's fused kernels, default true; read when
 *       the engine starts, see {@link FusedOps}.
 *   <li>{@code preflab.smallMatmul} / {@code PREFLAB_SMALL_MATMUL}: sampling's few-row products through PrefLab's
 *       own kernels, default true; {@code avx2} keeps them to their AVX2 code on an AVX-512 CPU; read when the
 *       engine starts, see {@link SmallMatmul}.
 *   <li>{@code preflab.device} / {@code PREFLAB_DEVICE}: {@code auto} (default), {@code cpu} or {@code gpu}; the GPU
 *       needs a CUDA libtorch given through {@code PYTORCH_LIBRARY_PATH}, see {@link DevicePlan}.
 *   <li>{@code DJL_CACHE_DIR}: where DJL unpacks libtorch and PrefLab keeps its compiled override. Looked up as DJL
 *       does (environment first, then system property), else {@link DjlRuntime#defaultCacheDir()}.
 * </ul>
 *
 * @param intraOpThreads threads inside one op (libtorch {@code set_num_threads}), at least 1
 * @param interOpThreads threads running independent ops (libtorch {@code set_num_interop_threads}), at least 1
 * @param mklOverride whether to load the MKL vendor override on AMD CPUs
 * @param cacheDir DJL's native cache folder
 * @param device where the model should compute; what it does compute on is {@link DjlRuntime#device()}
 */
public record RuntimeSettings(int intraOpThreads, int interOpThreads, boolean mklOverride, Path cacheDir,
        DeviceChoice device) {
    public static final String THREADS_PROPERTY = "preflab.threads";
    public static final String THREADS_ENV = "PREFLAB_THREADS";
    public static final String INTEROP_THREADS_PROPERTY = "preflab.interopThreads";
    public static final String INTEROP_THREADS_ENV = "PREFLAB_INTEROP_THREADS";
    public static final String MKL_OVERRIDE_PROPERTY = "preflab.mklOverride";
    public static final String MKL_OVERRIDE_ENV = "PREFLAB_MKL_OVERRIDE";
    public static final String CACHE_DIR_NAME = "DJL_CACHE_DIR";
    public static final String DEVICE_PROPERTY = "preflab.device";
    public static final String DEVICE_ENV = "PREFLAB_DEVICE";

    public RuntimeSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException("inter-op threads must be at least 1, got " + interOpThreads);
        }
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(device, "device");
    }

    /** Settings with the device left to {@link DeviceChoice#AUTO}. */
    public RuntimeSettings(int intraOpThreads, int interOpThreads, boolean mklOverride, Path cacheDir) {
        this(intraOpThreads, interOpThreads, mklOverride, cacheDir, DeviceChoice.AUTO);
    }

    /** The settings this process asks for through system properties and environment variables. */
    public static RuntimeSettings fromEnvironment() {
        return parse(System::getProperty, System::getenv, Runtime.getRuntime().availableProcessors(),
                DjlRuntime.defaultCacheDir());
    }

    /**
     * Reads the settings from the given lookups; separate from {@link #fromEnvironment()} so it can be tested.
     *
     * @throws IllegalArgumentException naming the setting when a value cannot be read
     */
    static RuntimeSettings parse(Function<String, String> properties, Function<String, String> environment,
            int cores, Path defaultCacheDir) {
        int intra = positiveInt(lookup(properties, environment, THREADS_PROPERTY, THREADS_ENV), Math.max(1, cores),
                THREADS_PROPERTY);
        int inter = positiveInt(lookup(properties, environment, INTEROP_THREADS_PROPERTY, INTEROP_THREADS_ENV), 1,
                INTEROP_THREADS_PROPERTY);
        boolean mkl = bool(lookup(properties, environment, MKL_OVERRIDE_PROPERTY, MKL_OVERRIDE_ENV), true,
                MKL_OVERRIDE_PROPERTY);
        // DJL itself reads the environment before the property (ai.djl.util.Utils.getEnvOrSystemProperty).
        String cache = blankToNull(environment.apply(CACHE_DIR_NAME));
        if (cache == null) {
            cache = blankToNull(properties.apply(CACHE_DIR_NAME));
        }
        String device = lookup(properties, environment, DEVICE_PROPERTY, DEVICE_ENV);
        return new RuntimeSettings(intra, inter, mkl, cache == null ? defaultCacheDir : Path.of(cache),
                device == null ? DeviceChoice.AUTO : DeviceChoice.parse(device, DEVICE_PROPERTY));
    }

    public RuntimeSettings withIntraOpThreads(int threads) {
        return new RuntimeSettings(threads, interOpThreads, mklOverride, cacheDir, device);
    }

    public RuntimeSettings withInterOpThreads(int threads) {
        return new RuntimeSettings(intraOpThreads, threads, mklOverride, cacheDir, device);
    }

    public RuntimeSettings withMklOverride(boolean enabled) {
        return new RuntimeSettings(intraOpThreads, interOpThreads, enabled, cacheDir, device);
    }

    public RuntimeSettings withCacheDir(Path dir) {
        return new RuntimeSettings(intraOpThreads, interOpThreads, mklOverride, dir, device);
    }

    public RuntimeSettings withDevice(DeviceChoice choice) {
        return new RuntimeSettings(intraOpThreads, interOpThreads, mklOverride, cacheDir, choice);
    }

    /** A setting's value: the system property if set, else the environment variable; null when neither is. */
    static String lookup(Function<String, String> properties, Function<String, String> environment,
            String property, String env) {
        String value = blankToNull(properties.apply(property));
        return value != null ? value : blankToNull(environment.apply(env));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static int positiveInt(String value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the setting's name
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    /** An on/off setting of this process: system property, else environment variable, else {@code fallback}. */
    static boolean flag(String property, String env, boolean fallback) {
        return bool(lookup(System::getProperty, System::getenv, property, env), fallback, property);
    }

    static boolean bool(String value, boolean fallback, String name) {
        if (value == null) {
            return fallback;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                throw new IllegalArgumentException(name + " must be true or false (or 1/0), got '" + value + "'");
        }
    }
}
