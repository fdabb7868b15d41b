package org.preflab.engine.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Products of a few rows by a weight matrix (each sampled token's projections and LM head), computed by a small C++
 * library ({@code small_matmul.cpp}, compiled on the spot with g++ like {@link FusedOps}) that reads the weight once,
 * in place, and splits columns between libtorch's own OpenMP threads. MKL in its reproducible mode, which the
 * launchers set so that a resumed run matches an uninterrupted one, copies ("packs") the weight of every such product
 * before multiplying: profiled while sampling llama-135m, the copy took 38% of the engine thread's time on a Zen 5
 * EPYC, 44% on an Intel Xeon (issue 16). The library adds in one fixed order, so a result depends on neither the
 * thread count nor the load.
 *
 * <p>Sampling through it on a 2-core Zen 5 EPYC (GenTime.java of ../shared/bench/trl with the launcher's
 * environment, new tokens/s, on / off, alternated): the bench shape 2,620-2,914 / 2,021-2,069, gpt2-small 268-331 /
 * 232-267, llama-135m 195-202 / 194-197; each weight stream fetched ahead since, 1.1-1.2x more. It also computes a
 * sampled token's attention ({@link #decodeAttention}) and, for the GPT-2 and Llama families, takes a sampled token
 * through every block in one call ({@link #decodeLayers}, decode_layers.cpp). Used for decoding only (a
 * forward with a KV cache and no gradients): training and scoring keep libtorch's products, so a scoring forward
 * still gives exactly training's numbers. Off with {@code PREFLAB_SMALL_MATMUL=0}, without g++ or on a CPU without
 * AVX2 and FMA; the model then multiplies with libtorch, the same function to rounding.
 */
public final class SmallMatmul {
    public static final String PROPERTY = "preflab.smallMatmul";
    public static final String ENV = "PREFLAB_SMALL_MATMUL";
    /**
     * Rows up to which a product goes through the library: one sampled token for each of up to 8 prompts, one pass
     * over the weight. More rows take a pass per 8, and MKL's copy then pays: 16 prompts sampled (GenTime.java, 2
     * rounds, new tokens/s, through the library / libtorch) llama-135m 221.6, 221.4 / 229.3, 262.0; gpt2-small 321.4,
     * 364.4 / 338.1, 439.4. Reading each weight once for all rows, in chunks every group of 8 rows takes from the
     * cache, lost too: past 8 rows MKL's kernel is the faster one and its copy is shared by more rows (README).
     */
    public static final long MAX_ROWS = 8;
    private static final NativeBuild BUILD = new NativeBuild("preflab-small-matmul",
            List.of("small_matmul.cpp", "decode_layers.cpp"), "c++",
            List.of("-O2", "-shared", "-fPIC", "-std=c++17"), List.of("-ldl"));

    private static volatile Status status = new Status(false, "not loaded yet");

    private SmallMatmul() {}

    /** What was loaded: {@code loaded} when the products may be called; {@code detail} says how or why not. */
    public record Status(boolean loaded, String detail) {
        /** Part of the fused-ops line of {@code preflab doctor}. */
        public String line() {
            return "small products " + (loaded ? "on" : "off") + " (" + detail + ")";
        }
    }

    /** The JNA direct mapping of small_matmul.cpp's entry points. */
    private static final class Natives {
        static native int preflab_small_matmul_init(int most);

        static native void preflab_matmul_nt(long x, long w, long y, int m, int n, int k);

        static native void preflab_matmul_nn(long x, long w, long y, int m, int n, int k);

        static native void preflab_decode_attention(long q, long qStride, long k, long v, long bias, long biasStride,
                long out, int b, int h, int kvH, int sLen, int hd, int capacity, float scale);

        static native int preflab_decode_layers(int family, long[] weights, long[] caches, int layers, long hIn,
                long h, int b, int d, int heads, int kvHeads, int hd, int ffn, float eps, long bias, long biasStride,
                int sLen, int capacity, long cos, long sin, long ropeStride, float scale);
    }

    /** {@link #decodeLayers}' model families: GPT-2, and Llama (with Qwen2). */
    public static final int GPT2_LAYERS = 0;
    public static final int LLAMA_LAYERS = 1;
    /**
     * Addresses a layer in {@link #decodeLayers}' weight table, in this order (0 for one the model lacks): first norm
     * weight and bias, q|k|v weight and bias, attention output weight and bias, second norm weight and bias, MLP up
     * (Llama: gate|up) weight and bias, MLP down weight and bias.
     */
    public static final int LAYER_SLOTS = 12;

    /** {@link #requested}' answers: the kernels' instruction set at most, 0 for none. */
    static final int OFF = 0;
    static final int AVX2 = 1;
    static final int BEST = 2;

    /**
     * Builds (if needed) and loads the library, after libtorch (whose OpenMP threads it uses), with kernels of at most
     * the instruction set {@code most} ({@link #OFF}: not loaded). Never throws.
     */
    static synchronized Status load(int most, Path cacheDir, String compiler) {
        if (!status.loaded()) {
            status = tryLoad(most, cacheDir, compiler);
        }
        return status;
    }

    static Status tryLoad(int most, Path cacheDir, String compiler) {
        if (most == OFF) {
            return new Status(false, "disabled by " + PROPERTY + " / " + ENV);
        }
        Path library;
        try {
            library = BUILD.compile(cacheDir.resolve("preflab"), compiler);
        } catch (IOException e) {
            return new Status(false, "could not build them: " + e.getMessage());
        }
        int found;
        try {
            Native.register(Natives.class, NativeLibrary.getInstance(library.toString()));
            found = Natives.preflab_small_matmul_init(most);
        } catch (RuntimeException | LinkageError e) {
            return new Status(false, "could not load " + library + ": " + e);
        }
        String isa = switch (found & 3) {
            case 2 -> "AVX-512";
            case 1 -> "AVX2";
            default -> null;
        };
        if (isa == null) {
            return new Status(false, "this CPU has neither AVX-512 nor AVX2 with FMA");
        }
        if (most == AVX2) {
            isa += " (at most AVX2, by " + ENV + "=avx2)";
        }
        return new Status(true, isa + ((found & 4) != 0 ? ", on libtorch's OpenMP threads" : ", one thread")
                + ", loaded from " + library);
    }

    /**
     * What {@code PREFLAB_SMALL_MATMUL} / {@code preflab.smallMatmul} asks for: {@link #BEST} (the default, or a true
     * flag), {@link #OFF} (a false one) or {@link #AVX2} ({@code avx2}: the AVX2 kernels even on an AVX-512 CPU).
     */
    static int requested() {
        String value = RuntimeSettings.lookup(System::getProperty, System::getenv, PROPERTY, ENV);
        if (value != null && value.trim().equalsIgnoreCase("avx2")) {
            return AVX2;
        }
        try {
            return RuntimeSettings.bool(value, true, PROPERTY) ? BEST : OFF;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " / " + ENV + " must be 1, 0 or avx2, got '" + value + "'");
        }
    }

    public static Status status() {
        return status;
    }

    public static boolean available() {
        return status.loaded();
    }

    /** Whether products of {@code rows} rows of CPU float32 inputs should come here. */
    public static boolean suits(long rows) {
        return available() && rows <= MAX_ROWS;
    }

    /** nn.Linear without bias: x (..., k) w^T for w (n, k), as (..., n). */
    public static NDArray linear(NDArray x, NDArray w) {
        return product(x, w, w.getShape().get(0), true);
    }

    /** x (..., k) w for w (k, n), as (..., n) (GPT-2's Conv1D weight). */
    public static NDArray matMul(NDArray x, NDArray w) {
        return product(x, w, w.getShape().get(1), false);
    }

    private static NDArray product(NDArray x, NDArray w, long n, boolean transposed) {
        Shape in = x.getShape();
        long k = in.tail();
        long m = in.slice(0, in.dimension() - 1).size();
        if (w.getShape().size() != n * k || m > MAX_ROWS || !allFloat(x, w)) {
            throw new IllegalArgumentException("small product of " + in + " by " + w.getShape());
        }
        long[] dims = in.getShape().clone(); // Shape hands out its own array
        dims[dims.length - 1] = n;
        if (m == 0 || n == 0 || k == 0) { // nothing to read: no buffer views of empty arrays
            return x.getManager().zeros(new Shape(dims));
        }
        NDArray y = JniUtils.createEmptyNdArray((PtNDManager) x.getManager(), new Shape(dims), DataType.FLOAT32,
                Device.cpu(), SparseFormat.DENSE);
        // Direct views of libtorch's memory (a non-contiguous x is copied first); alive while x, w and y are.
        long xp = address(x);
        long wp = address(w);
        long yp = address(y);
        if (transposed) {
            Natives.preflab_matmul_nt(xp, wp, yp, (int) m, (int) n, (int) k);
        } else {
            Natives.preflab_matmul_nn(xp, wp, yp, (int) m, (int) n, (int) k);
        }
        return y;
    }

    /**
     * Attention of one new token per row, for decoding: softmax(scale q k^T + bias) v with q (B, H, 1, hd), the KV
     * cache's whole buffers k and v (B, kvH, capacity, hd) of which the first {@code positions} count, and bias (B|1,
     * 1, 1, positions); query head j reads kv head j / (H / kvH). Returns (B, 1, H * hd), the heads in order.
     * libtorch's flash attention, made for long query blocks, took 60-270 us a layer for this on 2 cores (its
     * parallel region and buffers for one query); these loops take one pass over the cached keys and values.
     */
    public static NDArray decodeAttention(NDArray q, NDArray k, NDArray v, NDArray bias, long positions,
            double scale) {
        Shape qs = q.getShape();
        Shape ks = k.getShape();
        long b = qs.get(0);
        long h = qs.get(1);
        long hd = qs.get(3);
        if (qs.dimension() != 4 || qs.get(2) != 1 || ks.dimension() != 4 || ks.get(0) != b || ks.get(3) != hd
                || !ks.equals(v.getShape()) || h % ks.get(1) != 0 || positions < 1 || positions > ks.get(2)
                || bias.getShape().size() != (bias.getShape().get(0) == 1 ? 1 : b) * positions
                || !allFloat(q, k, v, bias)) {
            throw new IllegalArgumentException("decoding attention of " + qs + " over " + ks + " and "
                    + v.getShape() + ", " + positions + " positions, bias " + bias.getShape());
        }
        NDArray out = JniUtils.createEmptyNdArray((PtNDManager) q.getManager(), new Shape(b, 1, h * hd),
                DataType.FLOAT32, Device.cpu(), SparseFormat.DENSE);
        Natives.preflab_decode_attention(address(q), h * hd, address(k), address(v), address(bias),
                bias.getShape().get(0) == 1 ? 0 : positions, address(out), (int) b, (int) h, (int) ks.get(1),
                (int) positions, (int) hd, (int) ks.get(2), (float) scale);
        return out;
    }

    /**
     * One new token per row through {@code layers} blocks in one call (decode_layers.cpp): the hidden states (B, 1, D)
     * after them, in {@code h}'s manager. This token's keys and values are written into the cache buffers at position
     * {@code positions - 1}.
     *
     * @param weights {@link #LAYER_SLOTS} addresses a layer ({@link #address}), GPT-2's Conv1D weights (in, out),
     *     Llama's (out, in) with q|k|v and gate|up packed
     * @param caches each layer's key and value buffer, (B, kvHeads, capacity, hd)
     * @param shape {layers, heads, kvHeads, headDim, intermediate}
     * @param bias additive attention bias (B|1, 1, 1, positions)
     * @param cos this token's rotary cos, (B|1, 1, 1, hd) (null for GPT-2); {@code sin} likewise
     */
    public static NDArray decodeLayers(int family, long[] weights, long[] caches, int[] shape, double eps,
            NDArray h, NDArray bias, long positions, long capacity, NDArray cos, NDArray sin, double scale) {
        Shape hs = h.getShape();
        long b = hs.get(0);
        int layers = shape[0];
        boolean rope = family == LLAMA_LAYERS;
        long ropeRows = rope ? cos.getShape().get(0) : 0;
        if (hs.dimension() != 3 || hs.get(1) != 1 || b > MAX_ROWS || weights.length != layers * LAYER_SLOTS
                || caches.length != 2 * layers || positions < 1 || positions > capacity
                || bias.getShape().size() != (bias.getShape().get(0) == 1 ? 1 : b) * positions
                || rope && (cos.getShape().size() != ropeRows * shape[3] || (ropeRows != 1 && ropeRows != b)
                        || !cos.getShape().equals(sin.getShape()))
                || !(rope ? allFloat(h, bias, cos, sin) : allFloat(h, bias))) {
            throw new IllegalArgumentException("decoding layers of " + hs + ", " + positions + " positions of "
                    + capacity + ", bias " + bias.getShape() + (rope ? ", rotary " + cos.getShape() : ""));
        }
        NDArray out = JniUtils.createEmptyNdArray((PtNDManager) h.getManager(), hs, DataType.FLOAT32, Device.cpu(),
                SparseFormat.DENSE);
        int done = Natives.preflab_decode_layers(family, weights, caches, layers, address(h), address(out), (int) b,
                (int) hs.get(2), shape[1], shape[2], shape[3], shape[4], (float) eps, address(bias),
                bias.getShape().get(0) == 1 ? 0 : positions, (int) positions, (int) capacity,
                rope ? address(cos) : 0, rope ? address(sin) : 0, ropeRows == 1 ? 0 : shape[3], (float) scale);
        if (done != 0) {
            out.close();
            throw new IllegalStateException("decoding layers are not available on this CPU");
        }
        return out;
    }

    private static boolean allFloat(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a.getDataType() != DataType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address of a CPU array's first element (a non-contiguous one is copied first, and the address is the
     * copy's): valid while the array's memory is, which for a parameter updated in place is the model's life.
     */
    public static long address(NDArray a) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(a.toByteBuffer(true)));
    }
}
