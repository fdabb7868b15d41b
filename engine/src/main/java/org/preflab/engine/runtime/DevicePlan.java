package org.preflab.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The device decision in two halves around the engine start, kept free of DJL so it can be tested with any setup.
 * Before: {@link #decide} checks the user's libtorch against what DJL needs (read from DJL 0.35.1's {@code LibUtils}:
 * a folder with libtorch.so, the JNI's torch version, a flavor the JNI jar holds) and says whether DJL may load it.
 * After: {@link #resolve} turns what the started engine reports (CUDA available, a test computation) into the
 * {@link DeviceStatus} every model placement follows.
 *
 * @param choice what was asked for
 * @param setup the libtorch the user gave, if any
 * @param useUserLibtorch DJL may load the user's libtorch (its settings stay in place); otherwise PrefLab removes the
 *     system properties so DJL loads the bundled CPU libtorch
 * @param wantGpu try the GPU once the engine runs
 * @param missing what stands between this setup and the GPU, one item each; empty when nothing does
 */
public record DevicePlan(DeviceChoice choice, LibtorchSetup setup, boolean useUserLibtorch, boolean wantGpu,
        List<String> missing) {

    public DevicePlan {
        missing = List.copyOf(missing);
    }

    /**
     * @param jniTorchVersion the torch version DJL's JNI is built for ({@code jni_version} before the DJL part), e.g.
     *     2.7.1
     * @param djlVersion DJL's version, for messages
     * @param jniHasFlavor whether DJL's JNI jar holds a build for a flavor (cpu, cu128, ...) on this platform
     */
    public static DevicePlan decide(DeviceChoice choice, LibtorchSetup setup, String jniTorchVersion,
            String djlVersion, Predicate<String> jniHasFlavor) {
        if (choice == DeviceChoice.CPU) {
            return new DevicePlan(choice, setup, false, false, List.of());
        }
        List<String> missing = missing(setup, jniTorchVersion, djlVersion, jniHasFlavor);
        boolean ok = missing.isEmpty();
        return new DevicePlan(choice, setup, ok, ok, missing);
    }

    static List<String> missing(LibtorchSetup s, String torch, String djl, Predicate<String> jniHasFlavor) {
        List<String> missing = new ArrayList<>();
        if (s.libraryPath() == null) {
            missing.add(LibtorchSetup.LIBRARY_PATH + " is not set (a folder with a CUDA build of libtorch " + torch
                    + ": libtorch.so and libtorch_cuda.so)");
        } else if (!s.hasLibtorch()) {
            missing.add(LibtorchSetup.LIBRARY_PATH + "=" + s.libraryPath() + " holds no libtorch.so");
        } else if (!s.hasLibtorchCuda()) {
            missing.add(LibtorchSetup.LIBRARY_PATH + "=" + s.libraryPath()
                    + " holds no libtorch_cuda.so: it is a CPU build of libtorch");
        }
        if (s.folderVersion() != null && !base(s.folderVersion()).equals(torch)) {
            missing.add("the libtorch in " + s.libraryPath() + " is " + s.folderVersion() + "; DJL " + djl
                    + " needs libtorch " + torch);
        }
        if (s.version() == null) {
            missing.add(LibtorchSetup.VERSION + " is not set (" + torch + ", the libtorch DJL " + djl
                    + " is built for)");
        } else if (!base(s.version()).equals(torch)) {
            missing.add(LibtorchSetup.VERSION + "=" + s.version() + ", but DJL " + djl + " needs libtorch " + torch
                    + " (another version makes DJL download a JNI, which PrefLab never does)");
        }
        if (s.flavor() == null) {
            missing.add(LibtorchSetup.FLAVOR + " is not set (cu128 for a CUDA 12.8 build)");
        } else if (!s.flavor().startsWith("cu")) {
            missing.add(LibtorchSetup.FLAVOR + "=" + s.flavor() + " is not a CUDA flavor (cu128 for CUDA 12.8)");
        } else if (!jniHasFlavor.test(s.flavor())) {
            missing.add(LibtorchSetup.FLAVOR + "=" + s.flavor() + ", but DJL " + djl + "'s JNI has no " + s.flavor()
                    + " build here (it has cu128)");
        }
        return missing;
    }

    /**
     * What the run uses, from what the started engine says.
     *
     * @param libtorchPath the folder DJL loaded libtorch from
     * @param cudaAvailable libtorch's {@code torch::cuda::is_available()} (DJL's "CUDA" capability)
     * @param probeFailure why a small computation on the GPU failed, or null when it worked (or was not tried)
     */
    public DeviceStatus resolve(String libtorchPath, boolean cudaAvailable, String probeFailure) {
        String flavor = setup.flavor();
        if (!wantGpu) {
            return DeviceStatus.cpu(choice, libtorchPath, cpuDetail(), cpuWarning());
        }
        if (!cudaAvailable) {
            return DeviceStatus.cpu(choice, libtorchPath, "no CUDA device visible", "device " + choice.id()
                    + ": running on the CPU: the libtorch in " + libtorchPath + " loaded but sees no CUDA device"
                    + " (torch::cuda::is_available() is false); check nvidia-smi, the NVIDIA driver (CUDA 12.8 needs"
                    + " driver 570 or newer) and CUDA_VISIBLE_DEVICES");
        }
        if (probeFailure != null) {
            return DeviceStatus.cpu(choice, libtorchPath, "the GPU test computation failed", "device " + choice.id()
                    + ": running on the CPU: a test computation on gpu(0) failed: " + probeFailure);
        }
        return DeviceStatus.gpu(choice, libtorchPath, flavor);
    }

    private String cpuDetail() {
        if (choice == DeviceChoice.CPU) {
            return "cpu asked for";
        }
        if (!setup.configured()) {
            return "no CUDA libtorch configured (" + LibtorchSetup.LIBRARY_PATH + " unset)";
        }
        return "GPU setup incomplete: " + String.join("; ", missing);
    }

    /** Quiet when auto finds nothing configured (the ordinary CPU install); a warning when a GPU was meant. */
    private String cpuWarning() {
        if (choice == DeviceChoice.GPU || (choice == DeviceChoice.AUTO && setup.configured())) {
            return "device " + choice.id() + ": running on the CPU, because " + String.join("; ", missing);
        }
        return null;
    }

    private static String base(String version) {
        int plus = version.indexOf('+');
        String v = plus < 0 ? version : version.substring(0, plus);
        int dash = v.indexOf('-'); // DJL's own form: 2.7.1-20250812
        return dash < 0 ? v : v.substring(0, dash);
    }
}
