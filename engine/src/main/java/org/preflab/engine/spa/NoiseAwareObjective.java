package org.preflab.engine.spa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.dpo.DpoObjective;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.LossMath;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Objective;

/**
 * SPA's self-refined DPO loss (algorithms.md §4c, {@code loss_type="distill"} of the paper's code). DPO's scoring
 * gives h = s_c − s_r against the reference π_{i−1}; a second margin h̃ comes from the decoupled logits
 * z̃ = μ·z_θ + (1−μ)·z_ref, mixed per token before the log-softmax (μ = 1 makes h̃ = h and needs no reference model).
 * A pair is confident when c = 1[β·h̃ > τ], with τ from {@link MarginThreshold}; then
 *
 * <pre>
 *   loss = −(1 − α_t·(1−c))·logσ(βh) − α_t·(1−c)·logσ(−βh)
 * </pre>
 *
 * where α_t = 0 for the first {@code warmup_fraction} of the iteration's optimizer steps and α = refine_strength
 * after: confident pairs get plain DPO, the others soft labels (1−α, α) that pull toward the flipped label. c and τ
 * carry no gradient. Metrics: DPO's set plus spa/threshold, spa/confident_fraction and spa/alpha.
 */
public final class NoiseAwareObjective implements Objective<PairExample> {
    private final DpoObjective scoring;
    private final SpaSettings settings;
    private final TransformerLM reference;
    private final long padId;
    private final MarginThreshold threshold;
    private IntSupplier step = () -> 0;
    private int warmupSteps;
    private float[] lastDecoupled = new float[0];

    /**
     * @param scoring DPO's scoring against the reference π_{i−1} (its loss is not used)
     * @param reference the reference as a loaded model, needed for the decoupled logits when decouple != 1; else null
     */
    public NoiseAwareObjective(DpoObjective scoring, SpaSettings settings, TransformerLM reference, long padId) {
        if (settings.decouple() != 1 && reference == null) {
            throw new IllegalArgumentException("spa.decouple = " + settings.decouple()
                    + " mixes the reference's logits: the reference must be a loaded model");
        }
        this.scoring = scoring;
        this.settings = settings;
        this.reference = reference;
        this.padId = padId;
        this.threshold = new MarginThreshold(settings.marginWindow(), settings.refineThreshold());
    }

    /**
     * Follows the trainer's step: α_t is 0 while {@code currentStep} (optimizer steps completed) is below
     * warmup_fraction × {@code totalSteps}.
     */
    public void follow(IntSupplier currentStep, int totalSteps) {
        this.step = currentStep;
        this.warmupSteps = (int) Math.ceil(settings.warmupFraction() * totalSteps);
    }

    /** The threshold state, saved with each checkpoint. */
    public MarginThreshold threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return "spa-noise-aware[" + scoring.name() + "]";
    }

    @Override
    public Output compute(TransformerLM lm, List<PairExample> pairs, NDManager m) {
        DpoObjective.Scored s = scoring.score(lm, pairs, m, true);
        LossInputs in = s.inputs();
        NDArray h = in.margin();
        double beta = in.beta();
        float[] hTilde = settings.decouple() == 1 ? h.toFloatArray() : decoupledMargin(lm, pairs, m);
        lastDecoupled = hTilde;
        double mean = 0;
        for (float v : hTilde) {
            mean += beta * v;
        }
        double tau = threshold.record(mean / hTilde.length);
        float[] confident = confidence(hTilde, beta, tau);
        double alpha = step.getAsInt() < warmupSteps ? 0 : settings.refineStrength();
        NDArray perPair = perPairLoss(h, confident, alpha, beta);
        double confidentShare = 0;
        for (float c : confident) {
            confidentShare += c;
        }
        Map<String, NDArray> metrics = new LinkedHashMap<>(s.metrics());
        metrics.put(MetricNames.SPA_THRESHOLD, m.create((float) tau));
        metrics.put(MetricNames.SPA_CONFIDENT_FRACTION, m.create((float) (confidentShare / confident.length)));
        metrics.put(MetricNames.SPA_ALPHA, m.create((float) alpha));
        return new Output(perPair.mean(), metrics, s.tokens());
    }

    /** The h̃ of the last micro-batch, per pair (h itself when decouple = 1). */
    public float[] lastDecoupledMargins() {
        return lastDecoupled.clone();
    }

    /** c_i = 1 when β·h̃_i > τ, else 0. */
    public static float[] confidence(float[] hTilde, double beta, double tau) {
        float[] c = new float[hTilde.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = beta * hTilde[i] > tau ? 1f : 0f;
        }
        return c;
    }

    /**
     * −(1 − w)·logσ(βh) − w·logσ(−βh) per pair, with w = α_t·(1−c); differentiable in h, shape (B). With w = 0
     * (warm-up, or every pair confident) it is exactly DPO's sigmoid loss.
     */
    public static NDArray perPairLoss(NDArray h, float[] confident, double alphaT, double beta) {
        float[] w = new float[confident.length];
        float[] keep = new float[confident.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (alphaT * (1 - confident[i]));
            keep[i] = 1f - w[i];
        }
        NDManager m = h.getManager();
        Shape shape = new Shape(w.length);
        // Copies that libtorch owns: autograd keeps both factors of a product for the backward pass.
        NDArray flip = m.create(w, shape).toType(DataType.FLOAT32, true);
        NDArray stay = m.create(keep, shape).toType(DataType.FLOAT32, true);
        NDArray bh = h.mul(org.preflab.engine.tensor.Scalars.of(h, beta));
        return LossMath.logSigmoid(bh).mul(stay).add(LossMath.logSigmoid(bh.neg()).mul(flip)).neg();
    }

    /**
     * h̃ from z̃ = μ·z_θ + (1−μ)·z_ref: [log p̃(y_c) − log π_ref(y_c)] − [log p̃(y_r) − log π_ref(y_r)], summed over
     * completion tokens as everywhere (§0). Computed without gradient: it only decides c.
     */
    float[] decoupledMargin(TransformerLM lm, List<PairExample> pairs, NDManager parent) {
        int b = pairs.size();
        double mu = settings.decouple();
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false); // no graph for these forwards, even inside the step's gradient collector
        try (NDManager m = parent.newSubManager()) {
            // laid out as the training forward lays pairs out, so that at μ = 1 this is h to the last bit
            PairBatch batch = PairBatch.of(m, pairs.stream().map(PairExample::pair).toList(), padId);
            NDArray zRef = SequenceScorer.logits(reference, batch);
            NDArray zMix = SequenceScorer.logits(lm, batch).mul(mu).add(zRef.mul(1 - mu));
            float[] mixed = completionLogps(zMix, batch);
            float[] ref = completionLogps(zRef, batch);
            float[] out = new float[b];
            for (int i = 0; i < b; i++) {
                out[i] = (mixed[i] - ref[i]) - (mixed[b + i] - ref[b + i]);
            }
            return out;
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private static float[] completionLogps(NDArray logits, PairBatch batch) {
        NDArray tokenLogp = SequenceScorer.labelLogProbs(logits, batch.labels()).labels();
        return tokenLogp.mul(batch.mask()).sum(new int[] {1}).toFloatArray();
    }
}
