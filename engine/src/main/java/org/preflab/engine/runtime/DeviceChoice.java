package org.preflab.engine.runtime;

import java.util.Locale;

/**
 * Where the model computes, as asked for by {@code preflab.device} / {@code PREFLAB_DEVICE}. What is actually used
 * is decided at engine start ({@link DevicePlan}) and recorded in {@link DeviceStatus}.
 */
public enum DeviceChoice {
    /** The GPU when a CUDA libtorch is configured and a CUDA device is visible, else the CPU, quietly. */
    AUTO,
    /** Always the CPU. */
    CPU,
    /** The GPU; when it cannot be had, the CPU with a warning naming what is missing. */
    GPU;

    /**
     * Reads {@code auto}, {@code cpu} or {@code gpu} (any case; {@code cuda} is read as gpu).
     *
     * @throws IllegalArgumentException naming the setting and the accepted values
     */
    public static DeviceChoice parse(String value, String settingName) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu", "cuda":
                return GPU;
            default:
                throw new IllegalArgumentException(settingName + " must be auto, cpu or gpu, got '" + value + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
