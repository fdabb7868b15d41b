package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of the tokens seen so far, per layer, (B, kvHeads, S, hd). The cache owns its arrays in its own
 * manager, so the per-token scratch arrays can be freed after every step while the cache lives on.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Number of positions cached. */
    public long length() {
        return length;
    }

    /** Appends this step's keys and values of one layer and returns the whole sequence's. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray grow(NDArray old, NDArray add) {
        if (old == null) {
            NDArray first = add.duplicate(); // a copy, so the step's views can be freed
            first.attach(manager);
            return first;
        }
        NDArray grown = old.concat(add, 2); // lands in old's manager: the cache's
        old.close();
        return grown;
    }

    void advance(long tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
