package org.preflab.engine.compute;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.preflab.engine.model.AttentionMask;
import org.preflab.engine.model.KvCache;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tensor.Scalars;

/**
 * Samples continuations of a batch of prompts with a KV cache. Prompts of different lengths are left-padded so that
 * every row's next token sits in the last column; pads are masked out as keys and positions restart at each row's
 * first real token, so a prompt gives the same tokens alone or in a batch.
 */
public final class Generator {
    private Generator() {}

    /**
     * Hears each token of a single prompt as soon as it is sampled (the workbench streams them into a text box).
     * Called between forward passes on the generating thread; returning false stops generation there.
     */
    @FunctionalInterface
    public interface TokenListener {
        boolean onToken(long token);
    }

    /** Must run with grad mode off (the engine thread's default). */
    public static List<Generation> generate(TransformerLM lm, NDManager parent, List<long[]> prompts,
            SamplingConfig cfg) {
        return generate(lm, parent, prompts, cfg, null);
    }

    /**
     * One prompt, each new token handed to {@code listener} as it is sampled: the same tokens as
     * {@link #generate} gives for that prompt and seed. A listener that returns false ends the continuation after
     * that token (the result then has {@code stopped} false, as when max new tokens is reached).
     */
    public static Generation stream(TransformerLM lm, NDManager parent, long[] prompt, SamplingConfig cfg,
            TokenListener listener) {
        return generate(lm, parent, List.of(prompt), cfg, listener).get(0);
    }

    /** As {@link #generate}, with {@code listener} hearing row 0's tokens (tests watch memory between steps). */
    static List<Generation> generate(TransformerLM lm, NDManager parent, List<long[]> prompts,
            SamplingConfig cfg, TokenListener listener) {
        int b = prompts.size();
        int longest = 0;
        for (long[] p : prompts) {
            if (p.length == 0) {
                throw new IllegalArgumentException("cannot generate from an empty prompt (add BOS)");
            }
            longest = Math.max(longest, p.length);
        }
        int maxPos = lm.config().maxPositions();
        if (longest + cfg.maxNewTokens() > maxPos) {
            throw new IllegalArgumentException("prompt of " + longest + " tokens + max_new_tokens "
                    + cfg.maxNewTokens() + " exceeds the model's context of " + maxPos);
        }
        int v = lm.config().vocabSize();
        int total = longest + cfg.maxNewTokens();
        boolean[][] valid = new boolean[b][total];
        long[] ids = new long[b * longest];
        long[] pos = new long[b * longest];
        int[] next = new int[b]; // next position per row
        for (int r = 0; r < b; r++) {
            long[] p = prompts.get(r);
            int pad = longest - p.length;
            for (int t = 0; t < longest; t++) {
                ids[r * longest + t] = t < pad ? p[0] : p[t - pad];
                pos[r * longest + t] = Math.max(0, t - pad);
                valid[r][t] = t >= pad;
            }
            next[r] = p.length;
        }
        TokenSampler sampler = new TokenSampler(cfg);
        List<List<Long>> out = new ArrayList<>();
        boolean[] done = new boolean[b];
        for (int r = 0; r < b; r++) {
            out.add(new ArrayList<>());
        }
        // One (B, V) buffer for every step's probabilities: a fresh float[] a step (and the byte[] DJL copies through)
        // was 2 x 128 KB of garbage a token for 8 rows of a 4,096 vocabulary, 2 x 1.6 MB at GPT-2's 50,257, each
        // page-faulted in and zeroed while the heap was young.
        float[] logits = new float[b * v];
        try (KvCache cache = new KvCache(parent, lm.config().layers(), total)) { // K and V allocated once per layer
            step(lm, parent, ids, pos, b, longest, 0, valid, cache, cfg.temperature(), logits);
            for (int n = 0; n < cfg.maxNewTokens(); n++) {
                long[] tok = new long[b];
                long[] tpos = new long[b];
                int alive = 0;
                for (int r = 0; r < b; r++) {
                    tok[r] = sampler.next(logits, r * v, v);
                    if (!done[r]) {
                        out.get(r).add(tok[r]);
                        done[r] = cfg.stopIds().contains(tok[r]);
                    }
                    alive += done[r] ? 0 : 1;
                    tpos[r] = next[r]++;
                    valid[r][longest + n] = true;
                }
                boolean listening = listener == null || listener.onToken(tok[0]);
                if (alive == 0 || n + 1 == cfg.maxNewTokens() || !listening) {
                    break;
                }
                step(lm, parent, tok, tpos, b, 1, longest + n, valid, cache, cfg.temperature(), logits);
            }
        }
        List<Generation> result = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            result.add(new Generation(out.get(r).stream().mapToLong(Long::longValue).toArray(), done[r]));
        }
        return result;
    }

    /**
     * One forward over t new tokens per row; writes the last position's logits (temperature 0) or its sampling
     * probabilities softmax(logits / temperature), (B * V) floats, into {@code out}.
     */
    private static void step(TransformerLM lm, NDManager parent, long[] ids, long[] pos, int b, int t, int past,
            boolean[][] valid, KvCache cache, double temperature, float[] out) {
        try (NDManager m = parent.newSubManager()) {
            boolean[][] keys = new boolean[b][];
            for (int r = 0; r < b; r++) {
                keys[r] = Arrays.copyOf(valid[r], past + t);
            }
            NDArray x = m.create(ids, new Shape(b, t));
            NDArray p = m.create(pos, new Shape(b, t));
            NDArray h = lm.hidden(x, p, AttentionMask.padded(m, past, t, keys), cache);
            NDArray last = t == 1 ? h : h.get(":, -1:, :");
            NDArray logits = lm.samplingLogits(last);
            // dividing by 1 changes no bit: skip its scalar and its pass over (B, V)
            NDArray result = temperature == 0 ? logits
                    : (temperature == 1 ? logits : Scalars.div(logits, temperature)).softmax(-1);
            if (result.getDataType() != DataType.FLOAT32) { // a half-precision model's logits
                result = result.toType(DataType.FLOAT32, false);
            }
            // read in place (a direct buffer over libtorch's memory; a contiguous copy first where it is not)
            result.toByteBuffer(true).asFloatBuffer().get(out);
        }
    }
}
