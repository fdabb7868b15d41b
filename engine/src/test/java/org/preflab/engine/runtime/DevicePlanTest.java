package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device decision with injected settings and engine answers: no GPU needed to test what happens with one. */
class DevicePlanTest {
    private static final Set<String> JNI_FLAVORS = Set.of("cpu", "cu128"); // what pytorch-jni 2.7.1-0.35.1 holds

    @TempDir
    Path tmp;

    private static DevicePlan plan(DeviceChoice choice, Map<String, String> env) {
        LibtorchSetup setup = LibtorchSetup.read(k -> null, env::get);
        return DevicePlan.decide(choice, setup, "2.7.1", "0.35.1", JNI_FLAVORS::contains);
    }

    /** A folder laid out like the libtorch zip from pytorch.org: lib/ with the libraries, build-version beside. */
    private Path libtorch(String buildVersion, boolean cuda) throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        if (cuda) {
            Files.writeString(lib.resolve("libtorch_cuda.so"), "");
        }
        if (buildVersion != null) {
            Files.writeString(tmp.resolve("libtorch/build-version"), buildVersion + "\n");
        }
        return lib;
    }

    private Map<String, String> complete() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PYTORCH_LIBRARY_PATH", libtorch("2.7.1+cu128", true).toString());
        env.put("PYTORCH_VERSION", "2.7.1");
        env.put("PYTORCH_FLAVOR", "cu128");
        return env;
    }

    @Test
    void autoWithNothingConfiguredIsTheQuietCpuPath() {
        DevicePlan p = plan(DeviceChoice.AUTO, Map.of());
        assertFalse(p.wantGpu());
        assertFalse(p.useUserLibtorch());
        DeviceStatus s = p.resolve("/cache/pytorch/2.7.1-20250812-cpu-linux-x86_64", false, null);
        assertEquals("cpu", s.device());
        assertEquals(Device.cpu(), s.djlDevice());
        assertEquals("no CUDA libtorch configured (PYTORCH_LIBRARY_PATH unset)", s.detail());
        assertNull(s.warning(), "an ordinary CPU install gets no warning");
        assertEquals("CPU", s.label());
    }

    @Test
    void aCompleteSetupWithAVisibleGpuTrainsOnGpuZero() throws IOException {
        DevicePlan p = plan(DeviceChoice.AUTO, complete());
        assertTrue(p.missing().isEmpty(), p.missing().toString());
        assertTrue(p.useUserLibtorch());
        assertTrue(p.wantGpu());
        DeviceStatus s = p.resolve("/opt/libtorch/lib", true, null);
        assertTrue(s.onGpu());
        assertEquals(Device.gpu(0), s.djlDevice());
        assertEquals("GPU 0 (cu128)", s.label());
        assertEquals("Device: gpu(0) (asked: auto; CUDA libtorch from /opt/libtorch/lib)", s.line());
        assertNull(s.warning());
    }

    @Test
    void cpuIsCpuEvenWithACompleteGpuSetupAndDjlIsNotPointedAtIt() throws IOException {
        DevicePlan p = plan(DeviceChoice.CPU, complete());
        assertFalse(p.useUserLibtorch());
        DeviceStatus s = p.resolve("/cache/pytorch/cpu", true, null);
        assertEquals("cpu", s.device());
        assertEquals("cpu asked for", s.detail());
        assertNull(s.warning());
    }

    @Test
    void gpuWithNothingConfiguredFallsBackNamingAllThreeSettings() {
        DeviceStatus s = plan(DeviceChoice.GPU, Map.of()).resolve("/cache/pytorch/cpu", false, null);
        assertEquals("cpu", s.device());
        String w = s.warning();
        assertTrue(w.startsWith("device gpu: running on the CPU, because "), w);
        assertTrue(w.contains("PYTORCH_LIBRARY_PATH is not set (a folder with a CUDA build of libtorch 2.7.1"), w);
        assertTrue(w.contains("PYTORCH_VERSION is not set (2.7.1"), w);
        assertTrue(w.contains("PYTORCH_FLAVOR is not set (cu128"), w);
    }

    @Test
    void autoWithAHalfDoneSetupWarnsSinceAGpuWasMeant() throws IOException {
        Map<String, String> env = complete();
        env.remove("PYTORCH_FLAVOR");
        DevicePlan p = plan(DeviceChoice.AUTO, env);
        assertFalse(p.useUserLibtorch(), "DJL would default the flavor to cu<N>-precxx11 and fail to start");
        DeviceStatus s = p.resolve("/cache/pytorch/cpu", false, null);
        assertEquals("device auto: running on the CPU, because PYTORCH_FLAVOR is not set (cu128 for a CUDA 12.8"
                + " build)", s.warning());
        assertTrue(s.detail().startsWith("GPU setup incomplete: PYTORCH_FLAVOR"), s.detail());
    }

    @Test
    void eachWrongSettingIsNamedWithWhatDjlNeeds() throws IOException {
        Map<String, String> env = complete();
        env.put("PYTORCH_FLAVOR", "cpu");
        assertEquals("PYTORCH_FLAVOR=cpu is not a CUDA flavor (cu128 for CUDA 12.8)",
                plan(DeviceChoice.GPU, env).missing().get(0));
        env.put("PYTORCH_FLAVOR", "cu124");
        assertEquals("PYTORCH_FLAVOR=cu124, but DJL 0.35.1's JNI has no cu124 build here (it has cu128)",
                plan(DeviceChoice.GPU, env).missing().get(0));
        env.put("PYTORCH_FLAVOR", "cu128");
        env.put("PYTORCH_VERSION", "2.5.1");
        assertTrue(plan(DeviceChoice.GPU, env).missing().get(0).startsWith(
                "PYTORCH_VERSION=2.5.1, but DJL 0.35.1 needs libtorch 2.7.1"));
        env.put("PYTORCH_VERSION", "2.7.1+cu128");
        assertTrue(plan(DeviceChoice.GPU, env).missing().isEmpty(), "a local version suffix is the same 2.7.1");
    }

    @Test
    void theFolderIsCheckedForLibtorchItsCudaLibraryAndTheVersionItStates() throws IOException {
        Map<String, String> env = complete();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        env.put("PYTORCH_LIBRARY_PATH", empty.toString());
        assertEquals("PYTORCH_LIBRARY_PATH=" + empty + " holds no libtorch.so",
                plan(DeviceChoice.GPU, env).missing().get(0));

        Path other = Files.createDirectories(tmp.resolve("cpu-build/lib"));
        Files.writeString(other.resolve("libtorch.so"), "");
        Files.writeString(tmp.resolve("cpu-build/build-version"), "2.5.1+cu124");
        env.put("PYTORCH_LIBRARY_PATH", other.toString());
        var missing = plan(DeviceChoice.GPU, env).missing();
        assertEquals("PYTORCH_LIBRARY_PATH=" + other + " holds no libtorch_cuda.so: it is a CPU build of libtorch",
                missing.get(0));
        assertEquals("the libtorch in " + other + " is 2.5.1+cu124; DJL 0.35.1 needs libtorch 2.7.1", missing.get(1));
    }

    @Test
    void aVisibleLibtorchWithoutADeviceOrWithAFailingKernelFallsBackWithTheReason() throws IOException {
        DevicePlan p = plan(DeviceChoice.GPU, complete());
        DeviceStatus none = p.resolve("/opt/libtorch/lib", false, null);
        assertEquals("cpu", none.device());
        assertTrue(none.warning().contains("loaded but sees no CUDA device (torch::cuda::is_available() is false)"),
                none.warning());
        DeviceStatus broken = p.resolve("/opt/libtorch/lib", true, "ai.djl.engine.EngineException: no kernel image");
        assertEquals("cpu", broken.device());
        assertTrue(broken.warning().endsWith("a test computation on gpu(0) failed: ai.djl.engine.EngineException: no"
                + " kernel image"), broken.warning());
    }
}
