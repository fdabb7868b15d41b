package org.preflab.engine.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AdamW's update of one step as a single pass over each parameter's memory, in Java, on libtorch's own buffers.
 *
 * <p>Why not tensor ops: DJL has no in-place lerp, addcmul or addcdiv, so the update took 16 passes over the model
 * (15 in place, 1 into a fresh buffer that page-faults in) where torch takes 8; on llama-135m that was 1.05 s of a
 * 4.3 s step, torch's whole step being 2.5 s (issue 16, {@code preflab bench --profile-step}). One fused pass reads
 * parameter, gradient and both moments once, writes three of them, and zeroes the gradient on the way (the fill
 * libtorch's zero_grad would do) unless the caller drops it anyway. The arithmetic is torch.optim.AdamW's single-tensor path in float, in its order:
 * {@code p *= 1 - lr wd; m = lerp(m, g, 1 - b1); v = v b2 + (1 - b2) g g; p += -lr/bc1 · m / (sqrt(v)/sqrt(bc2) + eps)}.
 *
 * <p>Work is cut into chunks spread over the engine's intra-op threads (the calling thread included); chunk bounds
 * depend only on sizes, and every element is computed alone, so results do not depend on the thread count.
 */
final class AdamWKernel {
    /** Elements per chunk: large enough that the hand-off costs nothing, small enough to balance two threads. */
    static final int CHUNK = 1 << 17;

    private static ExecutorService pool;
    private static int poolThreads;

    private AdamWKernel() {}

    /**
     * One parameter's buffers and its settings for this step; {@code zeroGradient} false leaves the gradient as it
     * was, for a caller that drops it afterwards ({@code TransformerLM.dropGradients}).
     */
    record Slot(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, float decay, boolean zeroGradient) {}

    /** The scalars of one step, shared by every parameter. */
    record StepScalars(float gradScale, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize,
            float bc2Sqrt, float eps) {}

    /** Updates every slot, using up to {@code threads} threads. */
    static void run(List<Slot> slots, StepScalars s, int threads) {
        List<long[]> chunks = new ArrayList<>(); // [slot, from, to]
        for (int i = 0; i < slots.size(); i++) {
            int n = slots.get(i).p().capacity();
            for (int from = 0; from < n; from += CHUNK) {
                chunks.add(new long[] {i, from, Math.min(n, from + CHUNK)});
            }
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks.size(); ) {
                long[] ch = chunks.get(c);
                update(slots.get((int) ch[0]), s, (int) ch[1], (int) ch[2]);
            }
        };
        int helpers = Math.min(threads, chunks.size()) - 1;
        List<Future<?>> running = new ArrayList<>();
        ExecutorService exec = helpers > 0 ? pool(helpers) : null;
        for (int i = 0; i < helpers; i++) {
            running.add(exec.submit(worker));
        }
        worker.run();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in the optimizer step", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("optimizer step failed", e.getCause());
            }
        }
    }

    /** Elements {@code from .. to-1} of one parameter. */
    static void update(Slot slot, StepScalars s, int from, int to) {
        FloatBuffer p = slot.p();
        FloatBuffer g = slot.g();
        FloatBuffer m = slot.m();
        FloatBuffer v = slot.v();
        float decay = slot.decay();
        boolean zero = slot.zeroGradient(); // loop-invariant: the JIT takes it out of the loop
        for (int i = from; i < to; i++) {
            float gi = g.get(i) * s.gradScale();
            float mi = m.get(i);
            mi = mi + s.oneMinusBeta1() * (gi - mi);
            float vi = v.get(i) * s.beta2() + s.oneMinusBeta2() * gi * gi;
            float denom = (float) Math.sqrt(vi) / s.bc2Sqrt() + s.eps();
            p.put(i, p.get(i) * decay - s.stepSize() * (mi / denom));
            m.put(i, mi);
            v.put(i, vi);
            if (zero) {
                g.put(i, 0f);
            }
        }
    }

    private static synchronized ExecutorService pool(int helpers) {
        if (pool == null || poolThreads < helpers) {
            if (pool != null) {
                pool.shutdown();
            }
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(helpers, r -> {
                Thread t = new Thread(r, "preflab-adamw-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolThreads = helpers;
        }
        return pool;
    }
}
