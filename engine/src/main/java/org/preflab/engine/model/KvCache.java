package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.preflab.engine.runtime.SmallMatmul;

/**
 * Keys and values of the tokens seen so far, per layer: one K and one V buffer (B, kvHeads, capacity, hd) each, of
 * which the first {@link #length()} positions are filled. The cache owns them in its own manager, so the per-token
 * scratch arrays can be freed after every step while the cache lives on.
 *
 * <p>New positions are written into the buffers in place. Growing by concatenation instead copied every layer's
 * whole K and V each token into a slightly larger tensor: on gpt2-small (8 rows of 32 + 96 tokens) RSS still grew
 * about 3 MB a token with the array count flat, against 0.7 MB written in place, which is Java heap not yet
 * collected. A cache made with the final length as capacity allocates once; one made without grows by doubling.
 *
 * <p>Reads and writes go to libtorch's slice and index-put directly, one native call each: DJL's
 * {@code get/set(NDIndex)} analyse the index in Java, broadcast the value and squeeze the result, three to five
 * native calls for the same view, and the cache does this for K and V of every layer at every sampled token.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final long initialCapacity;
    private long length;
    /** {@link #reserve}'s answer until a buffer is replaced. */
    private long[] addresses;

    /** A cache that grows by doubling as tokens come. */
    public KvCache(NDManager parent, int layers) {
        this(parent, layers, 0);
    }

    /** A cache with room for {@code capacity} positions (prompt plus new tokens) before it has to grow. */
    public KvCache(NDManager parent, int layers, long capacity) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.initialCapacity = capacity;
    }

    /** Number of positions cached. */
    public long length() {
        return length;
    }

    /**
     * Writes this step's keys and values (B, kvHeads, T, hd) of one layer after the cached ones and returns views of
     * the whole sequence's, (B, kvHeads, length + T, hd). The views belong to {@code k}'s manager (the caller's
     * scratch), so they are freed with it; the buffers stay in the cache's.
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        long end = put(layer, k, v);
        NDManager scratch = k.getManager();
        NDArray kView = positions(keys[layer], 0, end);
        NDArray vView = positions(values[layer], 0, end);
        kView.attach(scratch);
        vView.attach(scratch);
        return new NDArray[] {kView, vView};
    }

    /**
     * Writes this step's keys and values (B, kvHeads, T, hd) of one layer after the cached ones and returns the number
     * of positions then filled; {@link #keyBuffer} and {@link #valueBuffer} hold them.
     */
    long put(int layer, NDArray k, NDArray v) {
        long end = length + k.getShape().get(2);
        keys[layer] = write(keys[layer], k, end);
        values[layer] = write(values[layer], v, end);
        return end;
    }

    /** One layer's whole key buffer (B, kvHeads, capacity, hd), in the cache's manager. */
    NDArray keyBuffer(int layer) {
        return keys[layer];
    }

    /** One layer's whole value buffer (B, kvHeads, capacity, hd), in the cache's manager. */
    NDArray valueBuffer(int layer) {
        return values[layer];
    }

    /** The view of positions [from, to) of a (B, kvHeads, capacity, hd) buffer, in the buffer's manager. */
    private static NDArray positions(NDArray buffer, long from, long to) {
        return JniUtils.slice((PtNDArray) buffer, 2, from, to, 1);
    }

    /**
     * Makes room in every layer's buffers for positions up to {@code end}, for a writer of its own ({@link
     * DecodeLayers}), and returns their addresses: each layer's keys, then its values. One token's keys and values
     * have shape {@code token}, (B, kvHeads, 1, hd).
     */
    long[] reserve(Shape token, DataType type, long end) {
        for (int i = 0; i < keys.length; i++) {
            fits(keys[i], token, type);
            fits(values[i], token, type);
            NDArray k = room(keys[i], token, type, end);
            NDArray v = room(values[i], token, type, end);
            if (k != keys[i] || v != values[i]) {
                keys[i] = k;
                values[i] = v;
                addresses = null;
            }
        }
        if (addresses == null) {
            addresses = new long[2 * keys.length];
            for (int i = 0; i < keys.length; i++) {
                addresses[2 * i] = SmallMatmul.address(keys[i]);
                addresses[2 * i + 1] = SmallMatmul.address(values[i]);
            }
        }
        return addresses;
    }

    /** Positions the buffers hold before they grow (0 before the first write). */
    long capacity() {
        return keys.length == 0 || keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    private NDArray write(NDArray buffer, NDArray add, long end) {
        NDArray roomy = room(buffer, add.getShape(), add.getDataType(), end);
        if (roomy != buffer) {
            addresses = null;
        }
        writeAt(roomy, add, length);
        return roomy;
    }

    /**
     * Refuses a token whose rows, heads, head size or type differ from the buffer's: native code writes into the
     * buffer by address, where a mismatch would write past its end instead of failing.
     */
    private static void fits(NDArray buffer, Shape token, DataType type) {
        if (buffer == null) {
            return;
        }
        Shape s = buffer.getShape();
        if (s.get(0) != token.get(0) || s.get(1) != token.get(1) || s.get(3) != token.get(3)
                || buffer.getDataType() != type) {
            throw new IllegalArgumentException("KV cache of " + s + " " + buffer.getDataType() + " cannot take "
                    + token + " " + type);
        }
    }

    /** {@code buffer}, or a larger one holding its filled positions, with room for positions up to {@code end}. */
    private NDArray room(NDArray buffer, Shape like, DataType type, long end) {
        long capacity = buffer == null ? 0 : buffer.getShape().get(2);
        if (end <= capacity) {
            return buffer;
        }
        NDArray grown = manager.zeros(withPositions(like, Math.max(end, Math.max(initialCapacity, 2 * capacity))), type);
        if (buffer != null) {
            try (NDArray old = positions(buffer, 0, length)) {
                writeAt(grown, old, 0);
            }
            buffer.close();
        }
        return grown;
    }

    /** buffer[:, :, from:from + T, :] = add (B, kvHeads, T, hd), in place. */
    private static void writeAt(NDArray buffer, NDArray add, long from) {
        Shape s = add.getShape();
        JniUtils.indexSet((PtNDArray) buffer, (PtNDArray) add, new long[] {0, 0, from, 0},
                new long[] {s.get(0), s.get(1), from + s.get(2), s.get(3)}, new long[] {1, 1, 1, 1});
    }

    private static Shape withPositions(Shape s, long positions) {
        return new Shape(s.get(0), s.get(1), positions, s.get(3));
    }

    void advance(long tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
