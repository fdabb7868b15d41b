package org.preflab.app.cli;

import java.util.concurrent.Callable;
import org.preflab.engine.runtime.DjlRuntime;
import picocli.CommandLine.Command;

/** {@code preflab doctor}: what the engine runs on, and whether the speed settings took effect. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Starts the engine and reports the device (CPU or GPU, and why), CPU, threads (and whether waiting"
                + " ones sleep or spin), the MKL override (AMD speed-up), a matmul speed check, the fused kernels"
                + " (silu, GELU, attention, logsumexp,"
                + " RMSNorm: built with g++ on first use) and the small products sampling multiplies through, and the DJL,"
                + " libtorch and Java versions. Runs offline."
                + " Exits 1 when something needs attention (each is a WARNING line).",
            "Settings: PREFLAB_DEVICE=auto|cpu|gpu (the GPU needs PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and"
                + " PYTORCH_FLAVOR, see the README), PREFLAB_THREADS, PREFLAB_INTEROP_THREADS,"
                + " PREFLAB_CPU=adaptive|dedicated|shared (read by the launcher), PREFLAB_MKL_OVERRIDE=0|1,"
                + " PREFLAB_FUSED_OPS=0|1, PREFLAB_SMALL_MATMUL=0|1|avx2, DJL_CACHE_DIR."})
public final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        DjlRuntime.engine();
        DjlRuntime.report().lines().forEach(System.out::println);
        return DjlRuntime.report().warnings().isEmpty() ? 0 : 1;
    }
}
