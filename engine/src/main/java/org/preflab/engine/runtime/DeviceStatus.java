package org.preflab.engine.runtime;

/**
 * The device a process computes on, decided once at engine start ({@link DevicePlan}); part of the
 * {@link RuntimeReport}, so provenance, {@code preflab doctor} and the workbench's status bar show it.
 *
 * @param choice what was asked for: auto, cpu or gpu
 * @param device {@code cpu} or {@code gpu}
 * @param gpuIndex the CUDA device index when on the GPU, else -1
 * @param libtorchPath the folder DJL loaded libtorch from
 * @param flavor the libtorch build when on the GPU (e.g. cu128), else null
 * @param detail why this device, one line
 * @param warning set when a GPU was meant but the CPU is used, naming what is missing; else null
 */
public record DeviceStatus(String choice, String device, int gpuIndex, String libtorchPath, String flavor,
        String detail, String warning) {

    static DeviceStatus cpu(DeviceChoice choice, String libtorchPath, String detail, String warning) {
        return new DeviceStatus(choice.id(), "cpu", -1, libtorchPath, null, detail, warning);
    }

    static DeviceStatus gpu(DeviceChoice choice, String libtorchPath, String flavor) {
        return new DeviceStatus(choice.id(), "gpu", 0, libtorchPath, flavor, "CUDA libtorch from " + libtorchPath,
                null);
    }

    public boolean onGpu() {
        return "gpu".equals(device);
    }

    /** The DJL device every manager is made on. */
    public ai.djl.Device djlDevice() {
        return onGpu() ? ai.djl.Device.gpu(gpuIndex) : ai.djl.Device.cpu();
    }

    /** Short, for the status bar: {@code GPU 0 (cu128)} or {@code CPU}. */
    public String label() {
        return onGpu() ? "GPU " + gpuIndex + (flavor == null ? "" : " (" + flavor + ")") : "CPU";
    }

    /** One line for {@code preflab doctor} and {@code --version}. */
    public String line() {
        return "Device: " + (onGpu() ? "gpu(" + gpuIndex + ")" : "cpu") + " (asked: " + choice + "; " + detail + ")";
    }
}
