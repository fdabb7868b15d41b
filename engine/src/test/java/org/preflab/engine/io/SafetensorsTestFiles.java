package org.preflab.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Random;

/** Shared helpers: fixture locations, hand-built files and random tensors. */
final class SafetensorsTestFiles {
    private SafetensorsTestFiles() {}

    /** A fixture model folder; surefire points {@code preflab.shared} at the shared reference material. */
    static Path fixture(String model) {
        String shared = System.getProperty("preflab.shared", "/work/shared");
        return Path.of(shared, "fixtures", model);
    }

    /** Writes a file by hand: u64 LE header length, the header text as given (no padding), then the data. */
    static Path raw(Path dir, String name, long headerLength, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h).put(data);
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    static Path raw(Path dir, String name, String header, byte[] data) throws IOException {
        return raw(dir, name, header.getBytes(StandardCharsets.UTF_8).length, header, data);
    }

    /** Little-endian bytes of 16-bit values. */
    static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static Tensor random(String name, Random rnd, long... shape) {
        float[] data = new float[(int) Tensor.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        return new Tensor(name, shape, data);
    }

    static LinkedHashMap<String, Tensor> map(Tensor... tensors) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            m.put(t.name(), t);
        }
        return m;
    }
}
