package org.preflab.engine.io;

import java.util.Optional;

/**
 * The floating-point safetensors dtypes PrefLab converts to and from float32. Other dtypes of the format (I64,
 * I32, U8, BOOL, F8_*, ...) are not listed: they are never model weights we can use, and a reader reports them.
 */
public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element in the file. */
    public int bytes() {
        return bytes;
    }

    /** The dtype with this exact safetensors spelling ("F32", "BF16", ...), if it is one we convert. */
    public static Optional<DType> of(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
