package org.preflab.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads Hugging Face safetensors files: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * ({@code name -> {dtype, shape, data_offsets}} plus an optional {@code __metadata__}), then the raw data, with
 * offsets relative to byte 8 + N.
 *
 * <p>Data is read with positioned reads through one reusable 4 MiB buffer rather than memory-mapped: a mapping
 * lives until the garbage collector frees it, which on Windows keeps the file locked against the atomic overwrite
 * our writer does, and a single mapping cannot exceed 2 GiB anyway.
 */
public final class SafetensorsReader {
    /** Same limit as the reference Rust implementation: a larger header means a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int CHUNK_BYTES = 1 << 22; // a multiple of 8, so no element straddles two chunks

    private SafetensorsReader() {}

    /** One header entry. {@code dtype} is kept as spelled in the file, since it may be one we do not convert. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /** A parsed and validated header; {@code dataStart} is the file offset data_offsets are relative to. */
    public record Header(Map<String, String> metadata, List<TensorInfo> tensors, long dataStart) {}

    /** Reads every tensor; fails on any tensor whose dtype is not F64, F32, F16 or BF16. */
    public static SafetensorsFile read(Path file) throws IOException {
        return read(file, name -> true);
    }

    /**
     * Reads the tensors whose names {@code include} accepts, converted to float32, in header order. Excluded
     * tensors are neither read nor converted, so a loader can skip buffers it does not need (GPT-2's
     * {@code attn.bias} masks, integer {@code position_ids}) whatever their dtype.
     */
    public static SafetensorsFile read(Path file, Predicate<String> include) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(file, ch);
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorInfo t : header.tensors()) {
                if (include.test(t.name())) {
                    DType dt = convertible(file, t);
                    float[] data = readData(file, ch, header.dataStart() + t.begin(), t, dt, buf);
                    tensors.put(t.name(), new Tensor(t.name(), t.shape, data));
                }
            }
            return new SafetensorsFile(header.metadata(), tensors);
        }
    }

    /** Where a tensor's values go when read straight into memory the caller owns. */
    @FunctionalInterface
    public interface Sink {
        /**
         * A buffer of exactly numel * 4 bytes for {@code t}'s float32 values, in native (little-endian) order, e.g.
         * a view of a freshly allocated tensor; or null to skip the tensor.
         */
        ByteBuffer target(TensorInfo t) throws IOException;
    }

    /**
     * Reads the tensors {@code include} accepts into the buffers {@code sink} gives, in header order, with no copy on
     * the Java heap: float32 data is read from the file straight into the buffer, other dtypes through one small
     * chunk buffer. A model loaded through float[] arrays left the heap (and DJL's direct-buffer copies, freed only
     * by the collector) holding the whole model again (issue 16).
     */
    public static void readInto(Path file, Predicate<String> include, Sink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(file, ch);
            ByteBuffer chunk = null;
            for (TensorInfo t : header.tensors()) {
                if (!include.test(t.name())) {
                    continue;
                }
                DType dt = convertible(file, t);
                ByteBuffer dest = sink.target(t);
                if (dest == null) {
                    continue;
                }
                long numel = (t.end() - t.begin()) / dt.bytes();
                if (dest.capacity() != numel * 4) {
                    throw new IllegalArgumentException("buffer of " + dest.capacity() + " bytes for tensor '"
                            + t.name() + "' of " + numel + " floats");
                }
                long pos = header.dataStart() + t.begin();
                if (dt == DType.F32 && dest.order() == ByteOrder.LITTLE_ENDIAN) {
                    if (!readFully(ch, dest.clear(), pos)) {
                        throw SafetensorsException.tensor(file, t.name(), "data ends early: the file was truncated");
                    }
                    continue;
                }
                if (chunk == null) {
                    chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                }
                fill(file, ch, pos, t, dt, chunk, dest.clear().order(ByteOrder.nativeOrder()).asFloatBuffer(),
                        (int) numel);
            }
        }
    }

    /** Reads and validates only the header, e.g. to list a multi-gigabyte checkpoint without loading it. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new SafetensorsException(file, "file is " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (!readFully(ch, lenBuf, 0)) {
            throw new SafetensorsException(file, "file shrank while its header length was read");
        }
        long n = lenBuf.getLong(0); // a u64 above 2^63 reads as negative, and is as wrong as one past the end
        if (n < 0 || n > size - 8) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(n)
                    + " runs past the end of the file (" + size + " bytes): truncated or not a safetensors file");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header length " + n + " exceeds the " + MAX_HEADER_BYTES
                    + "-byte limit");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        if (!readFully(ch, headerBuf, 8)) {
            throw new SafetensorsException(file, "file shrank while its header was read");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(headerBuf.array());
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + Json.problem(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(file, "header is not a JSON object");
        }
        return parseHeader(file, root, 8 + n, size - 8 - n);
    }

    private static Header parseHeader(Path file, JsonNode root, long dataStart, long dataBytes)
            throws SafetensorsException {
        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                metadata = parseMetadata(file, v);
                continue;
            }
            if (!v.isObject()) {
                throw SafetensorsException.tensor(file, name, "is not a JSON object in the header");
            }
            JsonNode dtypeNode = v.get("dtype");
            if (dtypeNode == null || !dtypeNode.isTextual()) {
                throw SafetensorsException.tensor(file, name, "has no dtype string");
            }
            String dtype = dtypeNode.asText();
            long[] shape = longArray(file, name, v.get("shape"), "shape", -1);
            long[] offsets = longArray(file, name, v.get("data_offsets"), "data_offsets", 2);
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end) {
                throw SafetensorsException.tensor(file, name, "has data_offsets [" + begin + ", " + end
                        + "] with begin after end");
            }
            if (end > dataBytes) {
                throw SafetensorsException.tensor(file, name, "has data_offsets [" + begin + ", " + end
                        + "] past the end of the data (" + dataBytes + " bytes): file is truncated");
            }
            int elemBytes = elementBytes(dtype);
            if (elemBytes > 0) {
                long need;
                try {
                    need = Math.multiplyExact(Tensor.numel(shape), elemBytes);
                } catch (ArithmeticException ex) {
                    throw SafetensorsException.tensor(file, name, "has a shape too large to address: "
                            + Arrays.toString(shape));
                }
                if (need != end - begin) {
                    throw SafetensorsException.tensor(file, name, "needs " + need + " bytes (" + dtype + " "
                            + Arrays.toString(shape) + ") but data_offsets give " + (end - begin));
                }
            }
            tensors.add(new TensorInfo(name, dtype, shape, begin, end));
        }
        return new Header(metadata, Collections.unmodifiableList(tensors), dataStart);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode v) throws SafetensorsException {
        if (v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new SafetensorsException(file, "__metadata__ is not a JSON object");
        }
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(file, "__metadata__ value of '" + e.getKey()
                        + "' is not a string (the format allows only strings)");
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(m);
    }

    private static long[] longArray(Path file, String tensor, JsonNode node, String field, int length)
            throws SafetensorsException {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw SafetensorsException.tensor(file, tensor, "has no " + field + " array"
                    + (length >= 0 ? " of " + length + " integers" : ""));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong() || x.asLong() < 0) {
                throw SafetensorsException.tensor(file, tensor, "has " + field + " " + node
                        + " with an entry that is not a non-negative integer");
            }
            out[i] = x.asLong();
        }
        return out;
    }

    /** Bytes per element of every dtype in the safetensors spec (0 when unknown), so sizes of all are checked. */
    static int elementBytes(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
            case "U16", "I16", "F16", "BF16" -> 2;
            case "U32", "I32", "F32" -> 4;
            case "U64", "I64", "F64" -> 8;
            default -> 0;
        };
    }

    private static DType convertible(Path file, TensorInfo t) throws SafetensorsException {
        DType dt = DType.of(t.dtype()).orElse(null);
        if (dt != null) {
            return dt;
        }
        if (elementBytes(t.dtype()) == 0) {
            throw SafetensorsException.tensor(file, t.name(), "has unknown dtype '" + t.dtype() + "'");
        }
        throw SafetensorsException.tensor(file, t.name(), "has dtype " + t.dtype()
                + ", which cannot be loaded as float32 (only F64, F32, F16, BF16); leave it out with a name filter"
                + " if the model does not need it");
    }

    private static float[] readData(Path file, FileChannel ch, long pos, TensorInfo t, DType dt, ByteBuffer buf)
            throws IOException {
        long numel = (t.end() - t.begin()) / dt.bytes();
        if (numel > Integer.MAX_VALUE - 8) {
            throw SafetensorsException.tensor(file, t.name(), "has " + numel
                    + " elements, more than one Java array holds");
        }
        float[] out = new float[(int) numel];
        fill(file, ch, pos, t, dt, buf, java.nio.FloatBuffer.wrap(out), out.length);
        return out;
    }

    /** Reads {@code numel} elements of {@code dt} from {@code pos} through {@code buf} into {@code out} as floats. */
    private static void fill(Path file, FileChannel ch, long pos, TensorInfo t, DType dt, ByteBuffer buf,
            java.nio.FloatBuffer out, int numel) throws IOException {
        int perChunk = buf.capacity() / dt.bytes();
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            buf.clear().limit(count * dt.bytes());
            if (!readFully(ch, buf, pos)) {
                throw SafetensorsException.tensor(file, t.name(), "data ends early: the file was truncated");
            }
            buf.flip();
            convert(buf, dt, out, done, count);
            pos += (long) count * dt.bytes();
            done += count;
        }
    }

    private static void convert(ByteBuffer buf, DType dt, java.nio.FloatBuffer out, int off, int count) {
        switch (dt) {
            case F32 -> out.put(off, buf.asFloatBuffer(), 0, count);
            case F64 -> {
                var d = buf.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(off + i, (float) d.get(i));
                }
            }
            case F16 -> {
                var s = buf.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(off + i, HalfFloats.halfToFloat(s.get(i)));
                }
            }
            case BF16 -> {
                var s = buf.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(off + i, HalfFloats.bf16ToFloat(s.get(i)));
                }
            }
        }
    }

    /**
     * Fills {@code buf} from file offset {@code pos}; false if the file ends first. Sizes are checked against the
     * file length up front, so this only happens when the file shrinks while we read it.
     */
    private static boolean readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                return false;
            }
            p += r;
        }
        return true;
    }
}
