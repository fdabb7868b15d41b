package org.preflab.engine.io;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files laid out as the shared fixtures are: tensors stored contiguously in sorted-name order,
 * header keys in that same order with {@code __metadata__} last, compact JSON, padded with spaces so the data starts
 * at a multiple of 8 bytes (aligned for memory-mapping readers). Writing a fixture's own tensors back therefore
 * reproduces its bytes exactly. Hugging Face's Rust writer differs only in putting {@code __metadata__} first; no
 * reader depends on key order.
 */
public final class SafetensorsWriter {
    /** What {@code save_pretrained} writes for PyTorch weights. */
    public static final Map<String, String> DEFAULT_METADATA = Map.of("format", "pt");

    /**
     * Sorts by Unicode code point, which is the byte order of UTF-8 and the order Python and Rust sort names in;
     * {@link String#compareTo} compares UTF-16 units and differs for characters beyond U+FFFF.
     */
    static final Comparator<String> NAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private static final int CHUNK_BYTES = 1 << 22;

    private SafetensorsWriter() {}

    /** Writes F32 with {@code {"format":"pt"}}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, DEFAULT_METADATA, DType.F32);
    }

    /**
     * Writes the tensors converted to {@code dtype} (F16/BF16 round to nearest even) with the given metadata (in its
     * iteration order; an empty map writes no {@code __metadata__}), atomically: the target is replaced only once the
     * complete file is on disk. Map keys must equal the tensors' names.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        List<Tensor> sorted = sortedTensors(tensors);
        writeSorted(file, sorted.stream().map(t -> Lazy.ofArray(t.name(), t.shape(), t::data)).toList(), metadata,
                dtype);
    }

    /**
     * A tensor whose values are fetched only when its turn to be written comes, so that only one tensor's floats are
     * in Java memory at a time (a checkpoint's AdamW moments are twice the model: all at once they raised a
     * llama-135m run's peak RSS by 0.8 GB).
     */
    public record Lazy(String name, long[] shape, java.util.function.Supplier<java.nio.FloatBuffer> data) {
        /** A tensor fetched as a Java array when its turn comes. */
        public static Lazy ofArray(String name, long[] shape, java.util.function.Supplier<float[]> data) {
            return new Lazy(name, shape, () -> java.nio.FloatBuffer.wrap(data.get()));
        }
    }

    /** As {@link #write(Path, Map, Map, DType)}, for tensors fetched one at a time. */
    public static void writeLazily(Path file, List<Lazy> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        List<Lazy> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(Lazy::name, NAME_ORDER));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("tensor '" + sorted.get(i).name() + "' is given twice");
            }
        }
        writeSorted(file, sorted, metadata, dtype);
    }

    private static void writeSorted(Path file, List<Lazy> sorted, Map<String, String> metadata, DType dtype)
            throws IOException {
        byte[] header = header(sorted, metadata, dtype);
        AtomicFiles.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Lazy t : sorted) {
                java.nio.FloatBuffer data = t.data().get();
                if (data.remaining() != Tensor.numel(t.shape())) {
                    throw new IllegalStateException("tensor '" + t.name() + "': shape " + Arrays.toString(t.shape())
                            + " holds " + Tensor.numel(t.shape()) + " elements but " + data.remaining() + " came");
                }
                writeData(ch, data, dtype, buf);
            }
        });
    }

    /** The tensors in storage order, after checking each map key against its tensor's name. */
    static List<Tensor> sortedTensors(Map<String, Tensor> tensors) {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("map key '" + e.getKey() + "' holds tensor '"
                        + e.getValue().name() + "'");
            }
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            out.add(e.getValue());
        }
        out.sort(Comparator.comparing(Tensor::name, NAME_ORDER));
        return out;
    }

    /** The JSON header, space-padded to a multiple of 8 bytes. */
    static byte[] header(List<Lazy> sorted, Map<String, String> metadata, DType dtype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            long offset = 0;
            for (Lazy t : sorted) {
                long end = offset + Tensor.numel(t.shape()) * dtype.bytes();
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", dtype.name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        int pad = (8 - out.size() % 8) % 8;
        out.writeBytes(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void writeData(FileChannel ch, java.nio.FloatBuffer data, DType dtype, ByteBuffer buf)
            throws IOException {
        int perChunk = buf.capacity() / dtype.bytes();
        int start = data.position();
        int n = data.remaining();
        for (int done = 0; done < n; ) {
            int count = Math.min(perChunk, n - done);
            int at = start + done;
            buf.clear();
            switch (dtype) {
                case F32 -> buf.asFloatBuffer().put(0, data, at, count);
                case F64 -> {
                    var d = buf.asDoubleBuffer();
                    for (int i = 0; i < count; i++) {
                        d.put(i, data.get(at + i));
                    }
                }
                case F16 -> {
                    var s = buf.asShortBuffer();
                    for (int i = 0; i < count; i++) {
                        s.put(i, HalfFloats.floatToHalf(data.get(at + i)));
                    }
                }
                case BF16 -> {
                    var s = buf.asShortBuffer();
                    for (int i = 0; i < count; i++) {
                        s.put(i, HalfFloats.floatToBf16(data.get(at + i)));
                    }
                }
            }
            buf.limit(count * dtype.bytes());
            writeFully(ch, buf);
            done += count;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
