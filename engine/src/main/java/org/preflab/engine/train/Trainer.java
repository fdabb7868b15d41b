package org.preflab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.tensor.Scalars;

/**
 * The training loop, one optimizer step per {@link #step()}: for each of the accumulation micro-batches a forward
 * and backward under a gradient collector (gradients add up in libtorch), then the global norm, clipping and
 * AdamW. Everything a step allocates lives in a sub-manager closed at its end, so memory stays flat.
 *
 * <p>Epochs follow transformers' Trainer (the one TRL trains with): an epoch is ceil(N / micro_batch_size)
 * micro-batches, the last one short when N is not a multiple, and ceil(that / gradient_accumulation_steps)
 * optimizer steps, the last one taking only the micro-batches left. Each micro-batch loss is a mean over its own
 * examples and is divided by the number of micro-batches in its step (transformers'
 * current_gradient_accumulation_steps), so a step's gradient and logged metrics are means over its micro-batches.
 *
 * <p>Not thread-safe: call it from the engine thread that owns the model.
 */
public final class Trainer<E> implements AutoCloseable {
    private final TransformerLM lm;
    private final TrainConfig cfg;
    private final Objective<E> objective;
    private final List<E> data;
    private final NDManager parent;
    private final AdamW optimizer;
    private final LrSchedule schedule;
    private final int totalSteps;
    private Map<String, NDArray> params;
    private DataOrder order;
    private int step;
    private long numTokens;

    public Trainer(TransformerLM lm, TrainConfig cfg, Objective<E> objective, List<E> data, NDManager parent) {
        this.lm = lm;
        this.cfg = cfg;
        this.objective = objective;
        this.data = List.copyOf(data);
        this.parent = parent;
        this.totalSteps = cfg.totalSteps(data.size());
        this.schedule = new LrSchedule(cfg.learningRate(), cfg.warmupSteps(), totalSteps, cfg.schedule());
        this.optimizer = new AdamW(parent, cfg.beta1(), cfg.beta2(), cfg.adamEps(), cfg.weightDecay());
        this.order = new DataOrder(this.data.size(), cfg.seed(), 0, 0);
        this.params = collectParameters();
        for (NDArray p : params.values()) {
            p.setRequiresGradient(true);
        }
    }

    private Map<String, NDArray> collectParameters() {
        Map<String, NDArray> all = new LinkedHashMap<>(lm.parameters());
        all.putAll(objective.extraParameters());
        return java.util.Collections.unmodifiableMap(all);
    }

    /**
     * Everything the optimizer updates: the model's tensors, then the objective's own. The model's are new handles
     * after every step ({@link TransformerLM#dropGradients()}), so take them afresh rather than keep them.
     */
    public Map<String, NDArray> parameters() {
        return params;
    }

    public Objective<E> objective() {
        return objective;
    }

    /** Runs one optimizer step and returns its metrics. */
    public StepMetrics step() {
        long t0 = System.nanoTime();
        double lr = schedule.at(step);
        Map<String, Double> sums = new LinkedHashMap<>();
        long tokens = 0;
        double gradNorm;
        // The epoch's last step takes only the micro-batches left in it, as transformers' Trainer does.
        int microBatches = Math.min(cfg.gradAccumulation(), order.batchesLeftInEpoch(cfg.microBatchSize()));
        try (NDManager m = parent.newSubManager()) {
            for (int a = 0; a < microBatches; a++) {
                int[] batch = order.nextBatch(cfg.microBatchSize());
                List<E> micro = new ArrayList<>(batch.length);
                for (int i : batch) {
                    micro.add(data.get(i));
                }
                NDManager mb = m.newSubManager(); // closed below, or with m when it is the step's last
                try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                    Objective.Output out = objective.compute(lm, micro, mb);
                    gc.backward(Scalars.div(out.loss(), microBatches));
                    double loss = out.loss().getFloat();
                    if (!Double.isFinite(loss)) {
                        zeroGradients();
                        throw new NonFiniteException(step, "the loss", loss);
                    }
                    sums.merge(MetricNames.LOSS, loss, Double::sum);
                    for (var e : out.metrics().entrySet()) {
                        sums.merge(e.getKey(), (double) e.getValue().getFloat(), Double::sum);
                    }
                    tokens += out.tokens();
                }
                // The last micro-batch's arrays (block outputs, logits, log-probs; what backward freed is gone
                // already) stay until the optimizer has run. Freed before it, their space went to AdamW's moments at
                // the first step and every later step's activations had to find new memory: llama-135m runs peaked
                // at 3,090-3,136 MB, against 2,992-3,036 MB kept (4 runs each, alternated; glibc's arena keeps
                // freed memory, see installer/launcher-env.sh, so where things land decides the peak).
                if (a + 1 < microBatches) {
                    mb.close();
                }
            }
            double norm = GradientClipping.globalNorm(params, m);
            if (!Double.isFinite(norm)) {
                zeroGradients();
                throw new NonFiniteException(step, "the gradient norm", norm);
            }
            // The model's gradients are dropped, not zeroed: their memory is free for the next forward, as TRL's
            // zero_grad; the objective's own (small heads) are zeroed by the optimizer.
            optimizer.step(params, lr, GradientClipping.scale(norm, cfg.maxGradNorm()), m,
                    name -> !lm.parameters().containsKey(name));
            gradNorm = norm;
            lm.dropGradients();
            params = collectParameters();
        }
        step++;
        numTokens += tokens;
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> values = new LinkedHashMap<>();
        sums.forEach((k, v) -> values.put(k, v / microBatches)); // means over micro-batches
        values.put(MetricNames.GRAD_NORM, gradNorm); // before clipping, as TRL logs it
        values.put(MetricNames.LEARNING_RATE, lr);
        values.put(MetricNames.NUM_TOKENS, (double) numTokens);
        values.put(MetricNames.TOKENS_PER_S, tokens / seconds);
        values.put(MetricNames.EPOCH, order.epoch() + (double) order.cursor() / data.size());
        return new StepMetrics(step, values);
    }

    private void zeroGradients() {
        for (NDArray p : params.values()) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
        }
    }

    public boolean finished() {
        return step >= totalSteps;
    }

    public int totalSteps() {
        return totalSteps;
    }

    public TransformerLM model() {
        return lm;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public TrainerState state() {
        return new TrainerState(step, order.epoch(), order.cursor(), cfg.seed(), numTokens);
    }

    /** Continues from a checkpoint's state (weights and moments are restored by the caller). */
    public void restore(TrainerState s) {
        if (s.seed() != cfg.seed()) {
            throw new IllegalArgumentException("checkpoint seed " + s.seed() + " differs from the config's " + cfg.seed());
        }
        this.step = s.step();
        this.numTokens = s.numTokens();
        this.order = new DataOrder(data.size(), cfg.seed(), s.epoch(), s.cursor());
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
