package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.preflab.engine.runtime.FusedOps;

/**
 * softmax(q k^T / sqrt(hd) + bias) v for one layer, with grouped-query attention done without repeating K and V:
 * query heads j = kv * group + g are adjacent, so (B, H, T, hd) reshapes (a view) to (B, kvHeads, group * T, hd) and
 * each kv head's group of queries is one product against that head's K. Repeating K and V instead copied both every
 * layer, every forward and every sampled token. With group 1 (GPT-2, NeoX, plain Llama) the reshapes change nothing.
 *
 * <p>Two ways to the same function: libtorch's scaled-dot-product attention ({@link FusedOps}: one call, and for
 * backward its flash kernel keeps a log-sum-exp per query instead of the (T x S) probabilities), or DJL's ops.
 */
final class Attention {
    private Attention() {}

    /**
     * The bias for {@link #attend} with the fused kernel, once per forward: with grouped queries and more than one new
     * token, a bias row per query row of a group, (B|1, 1, group * T, S); otherwise {@code bias} itself.
     */
    static NDArray bias(ModelConfig cfg, boolean fused, NDArray bias, long newTokens) {
        if (!fused || newTokens == 1 || cfg.heads() == cfg.kvHeads()) {
            return bias;
        }
        return bias.tile(new long[] {1, 1, cfg.heads() / cfg.kvHeads(), 1});
    }

    /**
     * Attention of queries (B, H, T, hd) over keys and values (B, kvHeads, S, hd); returns (B, T, H*hd) with the heads
     * concatenated in order.
     *
     * @param scale 1/sqrt(hd) as a libtorch scalar, for DJL's ops (null with the fused kernel, which takes a double)
     * @param bias additive (B|1, 1, T, S), as {@link #bias} made it
     */
    static NDArray attend(ModelConfig cfg, boolean fused, NDArray q, NDArray k, NDArray v, NDArray scale,
            NDArray bias) {
        int group = cfg.heads() / cfg.kvHeads();
        Shape qs = q.getShape();
        long b = qs.get(0);
        long t = qs.get(2);
        long hd = qs.get(3);
        NDArray o; // (B, kvHeads, group * T, hd) = (B, H, T, hd) in memory
        if (fused) {
            o = FusedOps.attention(q.reshape(b, cfg.kvHeads(), group * t, hd), k, v, bias,
                    1.0 / Math.sqrt(cfg.headDim()));
        } else {
            long keys = k.getShape().get(2);
            NDArray qg = q.mul(scale).reshape(b, cfg.kvHeads(), group * t, hd);
            NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)).reshape(b, cfg.heads(), t, keys);
            NDArray probs = scores.add(bias).softmax(3).reshape(b, cfg.kvHeads(), group * t, keys);
            o = probs.matMul(v);
        }
        if (t == 1) { // (B, H, 1, hd) is (B, 1, H*hd) in memory already
            return o.reshape(b, 1, cfg.heads() * hd);
        }
        return o.reshape(b, cfg.heads(), t, hd).transpose(0, 2, 1, 3).reshape(b, t, cfg.heads() * hd);
    }
}
