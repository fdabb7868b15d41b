package org.preflab.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to DJL. Everything that touches DJL calls {@link #engine()} first, so the settings are in place before
 * DJL reads them: without {@code ai.djl.offline} DJL downloads libtorch and calls a telemetry address; the thread
 * counts are read once, at engine start; and the MKL override only works if loaded before libtorch.
 *
 * <p>Order at start: {@link RuntimeSettings} (from {@link #configure} or the environment), system properties, the
 * {@link MklOverride}, the PyTorch engine, then the {@link RuntimeCheck} that fills {@link #report()}.
 */
public final class DjlRuntime {
    static final String NUM_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    static final String NUM_INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";
    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);

    private static volatile Engine engine;
    private static volatile RuntimeReport report;
    /** The device every manager is made on; set once, at start. */
    private static volatile ai.djl.Device device;
    /** Before start: what {@link #configure} asked for (null: read the environment). After: what was applied. */
    private static volatile RuntimeSettings settings;

    private DjlRuntime() {}

    /** Where DJL unpacks its native libraries unless DJL_CACHE_DIR says otherwise. */
    public static Path defaultCacheDir() {
        String home = System.getenv("PREFLAB_HOME");
        Path base = home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".local", "share", "preflab");
        return base.resolve("djl-cache");
    }

    /**
     * Sets how the engine will start; call before the first {@link #engine()}. Calling it again before start
     * replaces the settings; after start it is allowed only with the settings in force.
     *
     * @throws IllegalStateException if the engine already runs with other settings
     */
    public static synchronized void configure(RuntimeSettings wanted) {
        Objects.requireNonNull(wanted, "settings");
        if (engine != null && !wanted.equals(settings)) {
            throw new IllegalStateException("the DJL engine already started with " + settings
                    + "; cannot switch to " + wanted + " (threads and the MKL override are fixed at start)");
        }
        settings = wanted;
    }

    /** The settings in force after start, or those the engine will start with. */
    public static RuntimeSettings settings() {
        RuntimeSettings s = settings;
        return s != null ? s : RuntimeSettings.fromEnvironment();
    }

    /** Applies the settings and starts the PyTorch engine once; later calls return it at once. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (DjlRuntime.class) {
            if (engine == null) {
                start(settings());
            }
            return engine;
        }
    }

    /** What the engine runs on (versions, threads, MKL override, matmul speed); starts the engine if needed. */
    public static RuntimeReport report() {
        engine();
        return report;
    }

    /** Where models compute (decided at start, see {@link DevicePlan}); starts the engine if needed. */
    public static DeviceStatus device() {
        return report().device();
    }

    /**
     * A new base manager on the run's device: the one place models and their arrays get their device (sub-managers
     * and every array made from them inherit it). Use this, never {@code NDManager.newBaseManager()}, whose device is
     * DJL's own default (the GPU whenever one is visible, whatever the device setting says).
     */
    public static ai.djl.ndarray.NDManager newManager() {
        Engine e = engine();
        return e.newBaseManager(device);
    }

    /**
     * Changes libtorch's intra-op thread count at runtime. Measured with libtorch 2.7.1: the count is per thread
     * once a thread has run parallel work, so this changes the calling thread only; call it on the thread that runs
     * the model ({@link EngineThread#setIntraOpThreads(int)}).
     */
    public static synchronized void setIntraOpThreads(int threads) {
        RuntimeSettings changed = settings().withIntraOpThreads(threads); // validates
        engine();
        JniUtils.setNumThreads(threads);
        settings = changed;
    }

    /**
     * DJL unpacks libtorch into the cache folder on first use; an unwritable one would end in a stack trace deep in
     * DJL, so it is named here first (a read-only folder that already holds the libraries is fine).
     */
    static void checkCacheDir(Path cache) {
        try {
            java.nio.file.Files.createDirectories(cache);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("the DJL cache folder " + cache + " cannot be created (" + e
                    + "); set DJL_CACHE_DIR to a writable folder", e);
        }
        if (!java.nio.file.Files.isWritable(cache) && !java.nio.file.Files.isDirectory(cache.resolve("pytorch"))) {
            throw new IllegalStateException("the DJL cache folder " + cache + " is not writable, and libtorch must be"
                    + " unpacked there on first use; set DJL_CACHE_DIR to a writable folder");
        }
    }

    private static void start(RuntimeSettings s) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        String envCache = System.getenv(RuntimeSettings.CACHE_DIR_NAME);
        if (envCache != null && !envCache.isBlank() && !Path.of(envCache).equals(s.cacheDir())) {
            // DJL reads the environment before the property, so the environment wins; say so rather than pretend.
            LOG.warn("DJL_CACHE_DIR in the environment ({}) overrides the configured cache dir {}", envCache,
                    s.cacheDir());
        }
        System.setProperty(RuntimeSettings.CACHE_DIR_NAME, s.cacheDir().toString());
        System.setProperty(NUM_THREADS_PROPERTY, Integer.toString(s.intraOpThreads()));
        System.setProperty(NUM_INTEROP_THREADS_PROPERTY, Integer.toString(s.interOpThreads()));

        CpuInfo cpu = CpuInfo.read();
        MklOverride.Status override = MklOverride.apply(s.mklOverride(), cpu, s.cacheDir(), "gcc");
        LOG.debug("MKL override: {}", override);

        Path cache = envCache != null && !envCache.isBlank() ? Path.of(envCache) : s.cacheDir();
        checkCacheDir(cache);
        BundledNatives.linkInto(cache);
        DevicePlan plan = DevicePlan.decide(s.device(), LibtorchSetup.fromEnvironment(), DjlJni.torchVersion(),
                Engine.getDjlVersion(), DjlJni::hasFlavor);
        applyToDjl(plan);
        Engine started;
        try {
            started = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            if (plan.useUserLibtorch()) {
                // No retry on the bundled libtorch: half of the user's may already be loaded into the process.
                throw new IllegalStateException("the CUDA libtorch in " + plan.setup().libraryPath()
                        + " (PYTORCH_LIBRARY_PATH) could not be started: " + rootCause(e) + "; fix the setup (README, \"Training"
                        + " on a GPU\") or start with PREFLAB_DEVICE=cpu to use the bundled CPU libtorch", e);
            }
            LibtorchSetup setup = plan.setup();
            if (setup.inEnvironment() && setup.hasLibtorch()) {
                throw new IllegalStateException("DJL loaded the libtorch in PYTORCH_LIBRARY_PATH=" + setup.libraryPath()
                        + " and failed: " + rootCause(e) + ". PrefLab would use the CPU ("
                        + (plan.missing().isEmpty() ? "cpu asked for" : String.join("; ", plan.missing()))
                        + "), but DJL reads these variables from the environment first: unset PYTORCH_LIBRARY_PATH,"
                        + " PYTORCH_VERSION and PYTORCH_FLAVOR, or start PrefLab with the preflab command", e);
            }
            throw new IllegalStateException("libtorch could not be started from the cache folder " + cache + ": "
                    + e.getMessage() + " (set DJL_CACHE_DIR to another writable folder to unpack it afresh)", e);
        }
        DeviceStatus onDevice = resolve(plan, started);
        FusedOps.Status fused = FusedOps.load(FusedOps.requested(), s.cacheDir(), "g++");
        LOG.debug("fused ops: {}", fused);
        SmallMatmul.Status small = SmallMatmul.load(SmallMatmul.requested(), s.cacheDir(), "g++");
        LOG.debug("small products: {}", small);
        RuntimeReport r = RuntimeCheck.run(started, s, cpu, override, onDevice, fused.line() + "; " + small.line());
        r.warnings().forEach(LOG::warn);
        LOG.info("{}", String.join("; ", r.lines().stream().filter(l -> !l.startsWith("WARNING")).toList()));
        settings = s;
        report = r;
        device = onDevice.djlDevice();
        engine = started;
        if (!device.isGpu()) {
            ThreadGovernor.startIfAsked(System.getenv("PREFLAB_CPU"), s.intraOpThreads());
        }
    }

    /**
     * Lets DJL load the user's libtorch only when the plan says so. DJL reads PYTORCH_* from the environment before
     * system properties, and only properties can be taken back in-process: the launchers pass them as properties.
     */
    private static void applyToDjl(DevicePlan plan) {
        LibtorchSetup setup = plan.setup();
        if (plan.useUserLibtorch()) {
            setIfPresent(LibtorchSetup.LIBRARY_PATH, setup.libraryPath());
            setIfPresent(LibtorchSetup.VERSION, setup.version());
            setIfPresent(LibtorchSetup.FLAVOR, setup.flavor());
            return;
        }
        if (!setup.configured()) {
            return; // the ordinary CPU start: nothing to take back
        }
        System.clearProperty(LibtorchSetup.LIBRARY_PATH);
        System.clearProperty(LibtorchSetup.VERSION);
        System.clearProperty(LibtorchSetup.FLAVOR);
        if (setup.inEnvironment()) {
            LOG.warn("PYTORCH_LIBRARY_PATH, PYTORCH_VERSION or PYTORCH_FLAVOR is set in this process's environment,"
                    + " so DJL loads that libtorch whatever the device decision ({}); start PrefLab through the"
                    + " preflab command, which passes them so PrefLab can fall back to the CPU",
                    plan.missing().isEmpty() ? "cpu asked for" : String.join("; ", plan.missing()));
        }
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.toString() : t + ", caused by " + root;
    }

    private static void setIfPresent(String name, String value) {
        if (value != null) {
            System.setProperty(name, value);
        }
    }

    /** Asks the started engine whether the GPU works; only when the plan wants it, so the CPU start costs nothing. */
    private static DeviceStatus resolve(DevicePlan plan, Engine started) {
        String libtorch = ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        if (!plan.wantGpu()) {
            return plan.resolve(libtorch, false, null);
        }
        boolean cuda = started.hasCapability(ai.djl.engine.StandardCapabilities.CUDA);
        return plan.resolve(libtorch, cuda, cuda ? GpuProbe.failure(started) : null);
    }
}
