package org.preflab.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the engine actually runs on, measured once at start. Goes into each run's provenance (a plain record, so
 * Jackson writes it as JSON) and into {@code preflab --version} / {@code preflab doctor} through {@link #lines()}.
 *
 * @param cpuVendor {@code vendor_id} from /proc/cpuinfo
 * @param cpuModel {@code model name} from /proc/cpuinfo
 * @param cpuAvx512 whether the CPU has AVX-512F
 * @param cores processors visible to the JVM
 * @param overrideRequested the MKL override was asked for ({@link RuntimeSettings#mklOverride()})
 * @param overrideLoaded the override library is loaded in the process
 * @param overrideEffective whether MKL took its fast path: from MKL's own answer when readable, else from the speed
 *     threshold; null when neither can tell. False when the override is not loaded
 * @param overrideDetail why the override was or was not loaded
 * @param mklCodePath MKL's chosen code path ({@link MklOverride#mklCodePath()}), -1 if unknown
 * @param matmulSize n of the n×n×n fp32 matmul timed at start
 * @param matmulGflops best GFLOP/s of that matmul on one thread
 * @param intraOpThreads libtorch intra-op threads on the thread that started the engine
 * @param interOpThreads libtorch inter-op threads
 * @param threadWait what the OpenMP threads do between parallel regions ({@link ThreadWait}); null in provenance
 *     written before it was recorded
 * @param djlVersion DJL's version
 * @param libtorchVersion the PyTorch engine's version ({@code Engine.getVersion()})
 * @param javaVersion the JVM's version
 * @param device the device models compute on and why ({@link DeviceStatus})
 * @param fusedOps which libtorch kernels {@link FusedOps} reaches and whether {@link SmallMatmul} multiplies for
 *     decoding, and from where or why not
 * @param warnings problems found at start, each one line; empty when all is well
 */
public record RuntimeReport(
        String cpuVendor,
        String cpuModel,
        boolean cpuAvx512,
        int cores,
        boolean overrideRequested,
        boolean overrideLoaded,
        Boolean overrideEffective,
        String overrideDetail,
        int mklCodePath,
        int matmulSize,
        double matmulGflops,
        int intraOpThreads,
        int interOpThreads,
        String threadWait,
        String djlVersion,
        String libtorchVersion,
        String javaVersion,
        DeviceStatus device,
        String fusedOps,
        List<String> warnings) {

    public RuntimeReport {
        warnings = List.copyOf(warnings);
    }

    /** Human-readable lines for {@code preflab --version} and {@code preflab doctor}. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Engine: PyTorch " + libtorchVersion + " via DJL " + djlVersion + ", Java " + javaVersion);
        if (device != null) {
            out.add(device.line());
        }
        out.add("CPU: " + cpuVendor + " " + cpuModel + ", " + cores + " cores" + (cpuAvx512 ? ", AVX-512" : ""));
        out.add("Threads: intra-op " + intraOpThreads + ", inter-op " + interOpThreads
                + (threadWait == null ? "" : "; " + threadWait));
        out.add("MKL vendor override: " + overrideState() + " (" + overrideDetail + ")"
                + (mklCodePath >= 0 ? ", MKL code path " + mklCodePath : ""));
        out.add(String.format(Locale.ROOT, "fp32 matmul %d^3 on 1 thread: %.0f GFLOP/s", matmulSize,
                matmulGflops));
        if (fusedOps != null) {
            out.add(fusedOps);
        }
        for (String w : warnings) {
            out.add("WARNING: " + w);
        }
        return out;
    }

    private String overrideState() {
        if (!overrideRequested) {
            return "off";
        }
        if (!overrideLoaded) {
            return "not loaded";
        }
        if (overrideEffective == null) {
            return "loaded, effect unknown";
        }
        return overrideEffective ? "active" : "loaded but not effective";
    }
}
