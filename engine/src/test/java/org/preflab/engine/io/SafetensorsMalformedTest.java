package org.preflab.engine.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.preflab.engine.io.SafetensorsTestFiles.fixture;
import static org.preflab.engine.io.SafetensorsTestFiles.floats;
import static org.preflab.engine.io.SafetensorsTestFiles.raw;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken file gives a SafetensorsException whose message names the file and, where one is at fault, the tensor. */
class SafetensorsMalformedTest {
    @TempDir
    Path dir;

    private static String fails(Path file, String... expectedParts) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsReader.read(file));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file.toString() + ": "), msg);
        for (String part : expectedParts) {
            assertTrue(msg.contains(part), "expected \"" + part + "\" in: " + msg);
        }
        return msg;
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void truncatedFixtureNamesTheTensorPastTheEnd() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.copy(fixture("tiny-gpt2").resolve("model.safetensors"), file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        // wte is last in name order, so it is the tensor that no longer fits.
        fails(file, "model.safetensors", "'transformer.wte.weight'", "past the end", "truncated");
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        fails(file, "too short");
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        fails(raw(dir, "long.safetensors", 1000, "{}", new byte[0]), "header length 1000", "past the end");
        // A u64 with the top bit set must not turn into a negative length and slip through.
        fails(raw(dir, "huge.safetensors", -1L, "{}", new byte[0]), "header length 18446744073709551615");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        fails(raw(dir, "garbage.safetensors", "{\"w\": [1, 2", new byte[0]), "not valid JSON");
        fails(raw(dir, "array.safetensors", "[1, 2]      ", new byte[0]), "not a JSON object");
        fails(raw(dir, "trailing.safetensors", "{} {}", new byte[0]), "not valid JSON");
        String twice = "{" + entry("w", "F32", "[1]", 0, 4) + "," + entry("w", "F32", "[1]", 0, 4) + "}";
        fails(raw(dir, "dup.safetensors", twice, floats(1)), "not valid JSON", "w");
    }

    @Test
    void byteCountThatDoesNotMatchShapeAndDtype() throws IOException {
        String header = "{" + entry("transformer.h.0.attn.c_attn.weight", "F32", "[32,96]", 0, 12000) + "}";
        fails(raw(dir, "model.safetensors", header, new byte[12000]),
                "model.safetensors: tensor 'transformer.h.0.attn.c_attn.weight' needs 12288 bytes (F32 [32, 96])"
                        + " but data_offsets give 12000");
        // The check covers dtypes we do not convert too, so a header lying about an I64 buffer is still caught.
        fails(raw(dir, "ints.safetensors", "{" + entry("ids", "I64", "[3]", 0, 16) + "}", new byte[16]),
                "'ids'", "needs 24 bytes (I64 [3])");
    }

    @Test
    void unknownAndUnsupportedDtypes() throws IOException {
        fails(raw(dir, "f17.safetensors", "{" + entry("w", "F17", "[2]", 0, 8) + "}", new byte[8]),
                "f17.safetensors", "tensor 'w'", "unknown dtype 'F17'");
        fails(raw(dir, "bool.safetensors", "{" + entry("mask", "BOOL", "[4]", 0, 4) + "}", new byte[4]),
                "bool.safetensors", "tensor 'mask'", "dtype BOOL", "float32");
    }

    @Test
    void malformedEntries() throws IOException {
        fails(raw(dir, "a.safetensors", "{" + entry("w", "F32", "[1]", 8, 4) + "}", new byte[8]),
                "'w'", "begin after end");
        fails(raw(dir, "b.safetensors", "{" + entry("w", "F32", "[-1]", 0, 4) + "}", new byte[4]),
                "'w'", "shape");
        fails(raw(dir, "c.safetensors", "{" + entry("w", "F32", "[1.5]", 0, 4) + "}", new byte[4]),
                "'w'", "shape");
        fails(raw(dir, "d.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "'w'", "data_offsets");
        fails(raw(dir, "e.safetensors", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "'w'", "dtype");
        fails(raw(dir, "f.safetensors", "{\"w\":7}", new byte[0]), "'w'", "not a JSON object");
        fails(raw(dir, "g.safetensors", "{\"__metadata__\":{\"step\":3}}", new byte[0]),
                "__metadata__", "'step'", "not a string");
        fails(raw(dir, "h.safetensors", "{" + entry("w", "F32", "[1]", 0, 4) + "}", new byte[2]),
                "'w'", "past the end");
    }

    /** Tensors need not be sorted or contiguous, and may share bytes: the format allows it and so do we. */
    @Test
    void unsortedAndOverlappingOffsetsAreAccepted() throws IOException {
        String header = "{" + entry("b", "F32", "[2]", 4, 12) + "," + entry("a", "F32", "[1]", 0, 4) + ","
                + entry("c", "F32", "[1]", 4, 8) + "}";
        SafetensorsFile f = SafetensorsReader.read(raw(dir, "ok.safetensors", header, floats(1, 2, 3)));
        assertTrue(f.tensors().get("b").equals(new Tensor("b", new long[] {2}, new float[] {2, 3})));
        assertTrue(f.tensors().get("c").equals(new Tensor("c", new long[] {1}, new float[] {2})));
    }
}
