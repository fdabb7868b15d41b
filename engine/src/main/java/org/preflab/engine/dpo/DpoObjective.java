package org.preflab.engine.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.compute.PairBatch;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Objective;

/**
 * DPO and its variants: one forward over each pair with its prompt fed once ({@link PairBatch}), the shared log-ratios, the combined
 * loss, and TRL's metric set computed the same way for every variant (algorithms.md §1d), plus kl and entropy.
 */
public final class DpoObjective implements Objective<PairExample> {
    private final CombinedLoss loss;
    private final DpoSettings settings;
    private final ReferenceLogps reference;
    private final long padId;

    public DpoObjective(CombinedLoss loss, DpoSettings settings, ReferenceLogps reference, long padId) {
        this.loss = loss;
        this.settings = settings;
        this.reference = reference;
        this.padId = padId;
    }

    @Override
    public String name() {
        return "dpo[" + String.join("+", loss.ids()) + "]";
    }

    @Override
    public Output compute(TransformerLM lm, List<PairExample> pairs, NDManager m) {
        Scored s = score(lm, pairs, m, true);
        NDArray perPair = loss.perPairLoss(s.inputs());
        return new Output(perPair.mean(), s.metrics(), s.tokens());
    }

    /** The forward pass and shared quantities of a batch, for training (with gradient) or evaluation. */
    public Scored score(TransformerLM lm, List<PairExample> pairs, NDManager m, boolean withStats) {
        int b = pairs.size();
        PairBatch batch = PairBatch.of(m, pairs.stream().map(PairExample::pair).toList(), padId);
        SequenceLogProbs lp = SequenceScorer.score(lm, batch, withStats); // chosen, then rejected
        float[][] ref = reference.of(pairs);
        NDArray lengths = batch.completionLengths();
        LossInputs in = new LossInputs(lp.sum().get("0:" + b), lp.sum().get(b + ":"),
                m.create(ref[0], new Shape(b)), m.create(ref[1], new Shape(b)), lengths.get("0:" + b),
                lengths.get(b + ":"), settings.beta(), settings.labelSmoothing(), settings.discopopTau());
        long tokens = 0;
        for (PairExample p : pairs) {
            tokens += p.tokens();
        }
        return new Scored(in, lp, b, tokens);
    }

    /** A scored batch: the loss inputs and the per-sequence statistics behind the metrics. */
    public record Scored(LossInputs inputs, SequenceLogProbs logps, int pairs, long tokens) {
        /** Per-pair implicit rewards β·s_c and β·s_r, detached, as float arrays {chosen, rejected}. */
        public float[][] rewards() {
            double beta = inputs.beta();
            return new float[][] {
                inputs.chosenLogRatio().mul(beta).toFloatArray(), inputs.rejectedLogRatio().mul(beta).toFloatArray()
            };
        }

        /** TRL's metric names, each a detached scalar. */
        public Map<String, NDArray> metrics() {
            int b = pairs;
            double beta = inputs.beta();
            NDArray rc = inputs.chosenLogRatio().mul(beta).stopGradient();
            NDArray rr = inputs.rejectedLogRatio().mul(beta).stopGradient();
            Map<String, NDArray> out = new LinkedHashMap<>();
            out.put(MetricNames.REWARDS_CHOSEN, rc.mean());
            out.put(MetricNames.REWARDS_REJECTED, rr.mean());
            out.put(MetricNames.REWARDS_ACCURACIES, rc.gt(rr).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean());
            out.put(MetricNames.REWARDS_MARGINS, rc.sub(rr).mean());
            NDArray sums = logps.sum().stopGradient();
            out.put(MetricNames.LOGPS_CHOSEN, sums.get("0:" + b).mean());
            out.put(MetricNames.LOGPS_REJECTED, sums.get(b + ":").mean());
            NDArray tok = logps.tokens();
            if (logps.logitMeanSum() != null) { // token-weighted mean of the vocabulary-mean logit
                out.put(MetricNames.LOGITS_CHOSEN, logps.logitMeanSum().get("0:" + b).sum().div(tok.get("0:" + b).sum()));
                out.put(MetricNames.LOGITS_REJECTED, logps.logitMeanSum().get(b + ":").sum().div(tok.get(b + ":").sum()));
                out.put(MetricNames.ENTROPY, logps.entropySum().sum().div(tok.sum()));
            }
            // k1 estimate of KL(πθ || πref) per completion token on the pairs' completions
            NDArray ratios = inputs.chosenLogRatio().add(inputs.rejectedLogRatio()).stopGradient();
            out.put(MetricNames.KL, ratios.sum().div(tok.sum()));
            return out;
        }
    }
}
