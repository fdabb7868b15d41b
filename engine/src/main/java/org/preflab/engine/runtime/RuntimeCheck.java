package org.preflab.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check right after the engine starts: times a small matmul, asks MKL which code path it took and turns both into
 * a {@link RuntimeReport} with warnings. Costs about 50 ms.
 */
final class RuntimeCheck {
    /**
     * One-thread GFLOP/s of a 512^3 fp32 matmul below which, on an AVX-512 AMD CPU, the override has not taken
     * effect. Measured best-of-10 on a 2-vCPU Zen 5 EPYC: 101–112 as shipped, 211–247 with the override; 160 sits
     * between with room for a busy machine on either side. Not applied without AVX-512: there was no such CPU to
     * measure.
     */
    static final double MIN_OVERRIDE_GFLOPS_PER_THREAD = 160;
    static final int MATMUL_SIZE = 512;
    private static final int WARMUP = 3;
    private static final int REPS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCheck.class);

    private RuntimeCheck() {}

    /** Runs on the thread that just started the engine. */
    static RuntimeReport run(Engine engine, RuntimeSettings settings, CpuInfo cpu, MklOverride.Status override,
            DeviceStatus device, String kernels) {
        int code = MklOverride.mklCodePath();
        double gflops = oneThreadGflops(engine, settings.intraOpThreads());
        Boolean effective = effective(override.loaded(), code, cpu.avx512(), gflops);
        if (Boolean.FALSE.equals(effective) && code < 0) {
            // Judged by speed alone: measure once more before blaming the override for a moment of load.
            gflops = Math.max(gflops, oneThreadGflops(engine, settings.intraOpThreads()));
            effective = effective(override.loaded(), code, cpu.avx512(), gflops);
        }
        List<String> warnings = warnings(cpu, override, effective, code, gflops);
        if (device.warning() != null) {
            warnings.add(0, device.warning());
        }
        if (override.loaded() && code > 0 && cpu.avx512() && gflops < MIN_OVERRIDE_GFLOPS_PER_THREAD) {
            // MKL confirms the fast path, so a slow timing means a busy machine, not a failed override.
            LOG.info("fp32 matmul at {} GFLOP/s per thread (expected about {}+ with the override); machine busy?",
                    Math.round(gflops), Math.round(MIN_OVERRIDE_GFLOPS_PER_THREAD));
        }
        return new RuntimeReport(cpu.vendor(), cpu.model(), cpu.avx512(), cpu.cores(), override.requested(),
                override.loaded(), effective, override.detail(), code, MATMUL_SIZE, gflops,
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), ThreadWait.current(), Engine.getDjlVersion(),
                engine.getVersion(), Runtime.version().toString(), device, kernels, warnings);
    }

    /**
     * Whether the override works: MKL's code path decides when readable (0 is the generic path), else speed on an
     * AVX-512 CPU; null when neither applies.
     */
    static Boolean effective(boolean loaded, int mklCodePath, boolean avx512, double gflopsPerThread) {
        if (!loaded) {
            return false;
        }
        if (mklCodePath >= 0) {
            return mklCodePath > 0;
        }
        return avx512 ? gflopsPerThread >= MIN_OVERRIDE_GFLOPS_PER_THREAD : null;
    }

    static List<String> warnings(CpuInfo cpu, MklOverride.Status override, Boolean effective, int code,
            double gflops) {
        List<String> warnings = new ArrayList<>();
        if (override.requested() && cpu.isAmd() && !override.loaded()) {
            warnings.add("MKL vendor override not loaded (" + override.detail()
                    + "): fp32 matmul runs at about half speed on this AMD CPU");
        } else if (override.loaded() && Boolean.FALSE.equals(effective)) {
            warnings.add(code == 0
                    ? "MKL vendor override loaded but MKL still takes its generic path (" + override.detail()
                            + "); start the engine only through DjlRuntime.engine()"
                    : String.format(Locale.ROOT, "MKL vendor override loaded but fp32 matmul reaches only %.0f "
                            + "GFLOP/s per thread (expected %.0f+): it seems not to take effect", gflops,
                            MIN_OVERRIDE_GFLOPS_PER_THREAD));
        }
        return warnings;
    }

    /** Times the probe on one thread, so the number means the same whatever the thread setting or other load. */
    private static double oneThreadGflops(Engine engine, int restoreThreads) {
        // libtorch's thread count is per calling thread once it has run work (measured), so setting and restoring
        // it here touches no other thread.
        JniUtils.setNumThreads(1);
        // On the CPU whatever the run's device: this times MKL, which only the CPU path uses.
        try (NDManager manager = engine.newBaseManager(ai.djl.Device.cpu())) {
            return MatmulProbe.bestGflops(manager, MATMUL_SIZE, WARMUP, REPS);
        } finally {
            JniUtils.setNumThreads(restoreThreads);
        }
    }
}
