package org.preflab.engine.runtime;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libtorch kernels that DJL 0.35's JNI lacks, reached through a small C++ library ({@code fused_ops.cpp}) compiled
 * on the spot with g++ like {@link MklOverride}: {@code silu}, the tanh {@code gelu} and scaled-dot-product attention.
 * Written with DJL's ops instead, SwiGLU keeps sigmoid(gate) beside gate for backward and GELU two intermediates of
 * its polynomial, attention its probabilities, and each takes several native calls (issue 16: a DPO step peaks 160 MB
 * lower on llama-135m, 450 MB on gpt2-small).
 *
 * <p>Loaded once, after libtorch ({@link DjlRuntime} does it at engine start). When it cannot be (no g++, another
 * libtorch without the symbols, {@code PREFLAB_FUSED_OPS=0}), {@link #available()} is false and the model computes the
 * same functions with DJL's ops; {@link #status()} says why.
 */
public final class FusedOps {
    public static final String PROPERTY = "preflab.fusedOps";
    public static final String ENV = "PREFLAB_FUSED_OPS";
    private static final NativeBuild BUILD = new NativeBuild("preflab-fused-ops", "fused_ops.cpp", "c++",
            List.of("-O2", "-shared", "-fPIC", "-std=c++17"), List.of("-ldl"));
    /** Bits preflab_fused_init returns, one per kernel found, and each kernel's name for messages. */
    private static final String[] KERNELS = {"silu", "gelu", "attention", "logsumexp", "rms_norm"};
    private static final int ALL = (1 << KERNELS.length) - 1;

    private static volatile Status status = new Status(false, "not loaded yet");

    private FusedOps() {}

    /**
     * What was loaded.
     *
     * @param loaded the library is in the process and found every kernel: {@link #silu}, {@link #geluTanh},
     *     {@link #attention}, {@link #logSumExp} and {@link #rmsNorm} call libtorch's
     * @param detail where it was loaded from, or why not
     */
    public record Status(boolean loaded, String detail) {
        /** One line for {@code preflab doctor}. */
        public String line() {
            return "Fused ops: " + (loaded ? String.join(", ", KERNELS) : "off") + " (" + detail + ")";
        }
    }

    /** The JNA direct mapping of fused_ops.cpp's entry points (bound by {@link Native#register}). */
    private static final class Natives {
        static native int preflab_fused_init(String libtorchPath);

        static native String preflab_fused_error();

        static native long preflab_silu(long x);

        static native long preflab_gelu_tanh(long x);

        static native long preflab_sdpa(long q, long k, long v, long mask, double scale);

        static native long preflab_logsumexp(long x, long dim);

        static native long preflab_rms_norm(long x, long size, long weight, double eps);
    }

    /**
     * Builds (if needed) and loads the library into a process where libtorch is loaded. Never throws: a failure is
     * the returned status, and the model falls back to DJL's ops.
     */
    static synchronized Status load(boolean requested, Path cacheDir, String compiler) {
        if (status.loaded()) {
            return status;
        }
        status = tryLoad(requested, cacheDir, compiler);
        return status;
    }

    static Status tryLoad(boolean requested, Path cacheDir, String compiler) {
        if (!requested) {
            return new Status(false, "disabled by " + PROPERTY + " / " + ENV);
        }
        String libtorch = MklOverride.libtorchPath();
        if (libtorch == null) {
            return new Status(false, "libtorch_cpu.so is not loaded in this process");
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
            found = Natives.preflab_fused_init(libtorch);
        } catch (RuntimeException | LinkageError e) {
            return new Status(false, "could not load " + library + ": " + e);
        }
        if (found != ALL) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < KERNELS.length; i++) {
                if (found < 0 || (found & (1 << i)) == 0) {
                    missing.add(KERNELS[i]);
                }
            }
            return new Status(false, libtorch + " lacks " + String.join(", ", missing));
        }
        return new Status(true, "loaded from " + library);
    }

    /** Whether {@code PREFLAB_FUSED_OPS} / {@code preflab.fusedOps} asks for them (default yes). */
    static boolean requested() {
        return RuntimeSettings.flag(PROPERTY, ENV, true);
    }

    public static Status status() {
        return status;
    }

    /** Whether silu, tanh GELU, attention, logsumexp and RMSNorm run libtorch's kernels. */
    public static boolean available() {
        return status.loaded();
    }

    /** silu(x) = x sigmoid(x); backward keeps x only. Requires {@link #available()}. */
    public static NDArray silu(NDArray x) {
        return wrap(x, Natives.preflab_silu(handle(x)), "silu");
    }

    /** GPT-2's gelu_new, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); backward keeps x only. */
    public static NDArray geluTanh(NDArray x) {
        return wrap(x, Natives.preflab_gelu_tanh(handle(x)), "gelu");
    }

    /**
     * softmax(q k^T scale + bias) v over (B, H, T, hd) queries and (B, H, S, hd) keys and values; {@code bias} is
     * additive, broadcast to (B, H, T, S), or null for none.
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray bias, double scale) {
        long out = Natives.preflab_sdpa(handle(q), handle(k), handle(v), bias == null ? 0 : handle(bias), scale);
        return wrap(q, out, "scaled_dot_product_attention");
    }

    /**
     * log Σ exp(x) over {@code axis} (removed from the shape). With a gather it gives the log-probs of chosen entries
     * without a log-softmax over all of them: backward keeps x and the result, not a second (B, T, V) tensor.
     */
    public static NDArray logSumExp(NDArray x, int axis) {
        return wrap(x, Natives.preflab_logsumexp(handle(x), axis), "logsumexp");
    }

    /** RMSNorm over the last axis: x / sqrt(mean(x^2) + eps) * weight, one native call instead of six. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
        long size = x.getShape().get(x.getShape().dimension() - 1);
        return wrap(x, Natives.preflab_rms_norm(handle(x), size, handle(weight), eps), "rms_norm");
    }

    private static long handle(NDArray x) {
        return ((PtNDArray) x).getHandle();
    }

    /** The result in the first operand's manager, as DJL's own ops place it. */
    private static NDArray wrap(NDArray first, long handle, String op) {
        if (handle == 0) {
            throw new EngineException(op + " failed in libtorch: " + Natives.preflab_fused_error());
        }
        return new PtNDArray((PtNDManager) first.getManager(), handle);
    }
}
