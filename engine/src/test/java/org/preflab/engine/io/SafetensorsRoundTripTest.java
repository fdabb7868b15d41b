package org.preflab.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.preflab.engine.io.SafetensorsTestFiles.map;
import static org.preflab.engine.io.SafetensorsTestFiles.random;
import static org.preflab.engine.io.SafetensorsTestFiles.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    /** The data section of a file we wrote: everything after the header. */
    private static byte[] dataOf(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return Arrays.copyOfRange(all, (int) (8 + n), all.length);
    }

    @Test
    void f32RoundTripIsBitIdentical() throws IOException {
        Random rnd = new Random(42);
        float[] special = {Float.intBitsToFloat(0x7fc01234), Float.intBitsToFloat(0xff800001), -0.0f, 0.0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE, 0x1p-140f, 1e-45f};
        LinkedHashMap<String, Tensor> in = map(
                random("z.last", rnd, 3, 4, 5),
                new Tensor("special", new long[] {2, 5}, special),
                new Tensor("scalar", new long[] {}, new float[] {3.25f}),
                new Tensor("empty", new long[] {0, 7}, new float[0]),
                random("a.first", rnd, 1000));
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, in);
        SafetensorsFile out = SafetensorsReader.read(file);
        assertEquals(Map.of("format", "pt"), out.metadata());
        assertEquals(List.of("a.first", "empty", "scalar", "special", "z.last"), List.copyOf(out.tensors().keySet()));
        for (Tensor t : in.values()) {
            assertEquals(t, out.tensors().get(t.name()), t.name()); // Tensor.equals compares raw float bits
            assertArrayEquals(t.shape(), out.tensors().get(t.name()).shape());
        }
        // The layout the README describes: data contiguous in name order, data section aligned to 8.
        SafetensorsReader.Header h = SafetensorsReader.readHeader(file);
        assertEquals(0, h.dataStart() % 8);
        long expectedBegin = 0;
        for (SafetensorsReader.TensorInfo t : h.tensors()) {
            assertEquals(expectedBegin, t.begin(), t.name());
            expectedBegin = t.end();
        }
        assertEquals(Files.size(file), h.dataStart() + expectedBegin);
    }

    @Test
    void lazyTensorsAreFetchedOneAtATimeInFileOrderAndWriteTheSameBytes() throws IOException {
        Random rnd = new Random(7);
        LinkedHashMap<String, Tensor> in = map(random("m.b", rnd, 4, 3), random("m.a", rnd, 5), random("v.c", rnd, 2, 2));
        Path eager = dir.resolve("eager.safetensors");
        SafetensorsWriter.write(eager, in, Map.of("format", "pt"), DType.F32);
        List<String> fetched = new java.util.ArrayList<>();
        List<SafetensorsWriter.Lazy> lazy = in.values().stream().map(t -> SafetensorsWriter.Lazy.ofArray(t.name(),
                t.shape(), () -> {
                    fetched.add(t.name());
                    return t.data();
                })).toList();
        Path lazyFile = dir.resolve("lazy.safetensors");
        SafetensorsWriter.writeLazily(lazyFile, lazy, Map.of("format", "pt"), DType.F32);
        assertEquals(List.of("m.a", "m.b", "v.c"), fetched, "each once, when its bytes are written");
        assertArrayEquals(Files.readAllBytes(eager), Files.readAllBytes(lazyFile));
        SafetensorsWriter.Lazy wrong = SafetensorsWriter.Lazy.ofArray("x", new long[] {3}, () -> new float[2]);
        assertThrows(IllegalStateException.class, () -> SafetensorsWriter.writeLazily(dir.resolve("x.safetensors"),
                List.of(wrong), Map.of(), DType.F32));
        assertFalse(Files.exists(dir.resolve("x.safetensors")), "nothing left of a failed write");
    }

    @Test
    void metadataRoundTripsAndEmptyMetadataIsOmitted() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "ünïcödé \"quoted\"\n");
        Path file = dir.resolve("m.safetensors");
        Tensor t = new Tensor("w", new long[] {2}, new float[] {1, 2});
        SafetensorsWriter.write(file, map(t), meta, DType.F32);
        assertEquals(meta, SafetensorsReader.read(file).metadata());
        SafetensorsWriter.write(file, map(t), Map.of(), DType.F32);
        assertEquals(Map.of(), SafetensorsReader.read(file).metadata());
        assertFalse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8)
                .contains("__metadata__"));
    }

    @Test
    void f16FileHoldsHandComputedBitsAndReadsBack() throws IOException {
        float[] values = {1.0f, -2.5f, 65504f, 0x1p-24f, 0.1f, 1e6f, -0.0f};
        Path file = dir.resolve("h.safetensors");
        SafetensorsWriter.write(file, map(new Tensor("h", new long[] {7}, values)), Map.of(), DType.F16);
        assertArrayEquals(SafetensorsTestFiles.shorts(0x3c00, 0xc100, 0x7bff, 0x0001, 0x2e66, 0x7c00, 0x8000),
                dataOf(file));
        assertEquals("F16", SafetensorsReader.readHeader(file).tensors().get(0).dtype());
        float[] back = SafetensorsReader.read(file).tensors().get("h").data();
        float[] expected = {1.0f, -2.5f, 65504f, 0x1p-24f, 0.0999755859375f, Float.POSITIVE_INFINITY, -0.0f};
        assertEquals(new Tensor("h", new long[] {7}, expected), new Tensor("h", new long[] {7}, back));
    }

    @Test
    void bf16FileHoldsTheUpperHalvesAndReadsBack() throws IOException {
        float[] values = {1.0f, -2.5f, (float) Math.PI, 3.0e38f};
        Path file = dir.resolve("b.safetensors");
        SafetensorsWriter.write(file, map(new Tensor("b", new long[] {2, 2}, values)), Map.of(), DType.BF16);
        // 3.0e38 is 0x7f61b1e6: its low half 0xb1e6 is above halfway, so it rounds up to 0x7f62.
        assertArrayEquals(SafetensorsTestFiles.shorts(0x3f80, 0xc020, 0x4049, 0x7f62), dataOf(file));
        Tensor back = SafetensorsReader.read(file).tensors().get("b");
        assertArrayEquals(new long[] {2, 2}, back.shape());
        assertEquals(new Tensor("b", new long[] {2, 2}, new float[] {1.0f, -2.5f, 3.140625f,
            Float.intBitsToFloat(0x7f620000)}), back);
    }

    @Test
    void f64IsReadAndRoundedToFloat() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putDouble(0.1).putDouble(-1e300).putDouble(1.0 + 0x1p-30);
        Path file = raw(dir, "d.safetensors", "{\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}}",
                b.array());
        Tensor d = SafetensorsReader.read(file).tensors().get("d");
        assertEquals(new Tensor("d", new long[] {3}, new float[] {0.1f, Float.NEGATIVE_INFINITY, 1.0f}), d);
    }

    /** An integer buffer (as old checkpoints carry) can be left out by name instead of failing the whole load. */
    @Test
    void nameFilterSkipsTensorsWithoutConvertingThem() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).putLong(1).putFloat(1.5f).putFloat(-1f);
        Path file = raw(dir, "mixed.safetensors", "{\"position_ids\":{\"dtype\":\"I64\",\"shape\":[1,2],"
                + "\"data_offsets\":[0,16]},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}",
                b.array());
        SafetensorsFile f = SafetensorsReader.read(file, name -> !name.equals("position_ids"));
        assertEquals(List.of("w"), List.copyOf(f.tensors().keySet()));
        assertEquals(new Tensor("w", new long[] {2}, new float[] {1.5f, -1f}), f.tensors().get("w"));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsReader.read(file));
        assertTrue(e.getMessage().contains("mixed.safetensors") && e.getMessage().contains("'position_ids'")
                && e.getMessage().contains("I64"), e.getMessage());
    }

    @Test
    void overwriteIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, map(random("a", new Random(1), 10)));
        byte[] before = Files.readAllBytes(file);
        // A write that fails halfway leaves the old file as it was and removes its temporary file.
        IOException boom = assertThrows(IOException.class, () -> AtomicFiles.write(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        Tensor b = random("b", new Random(2), 4);
        SafetensorsWriter.write(file, map(b));
        assertEquals(b, SafetensorsReader.read(file).tensors().get("b"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            // A temp file from Files.createTempFile would have carried mode 0600 over to the checkpoint.
            assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ));
            assertEquals(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))),
                    Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void writerAndTensorRejectInconsistentInput() {
        Tensor t = new Tensor("w", new long[] {2}, new float[] {1, 2});
        Path file = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file, Map.of("v", t)));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file,
                Map.of("__metadata__", new Tensor("__metadata__", new long[] {1}, new float[1]))));
        assertFalse(Files.exists(file));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor("w", new long[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tensor("w", new long[] {-1}, new float[0]));
    }
}
