package org.preflab.engine.spo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceLogProbs;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.compute.TokenBatch;
import org.preflab.engine.model.AttentionMask;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spo.SpoSettings.ApplyTo;
import org.preflab.engine.spo.SpoSettings.Classifier;
import org.preflab.engine.train.MetricNames;

/**
 * SPO's preference-degree loss L_SPD for one micro-batch (algorithms.md §5 steps 3, 4 and 6), to be called inside
 * the trainer's gradient collector next to the alignment loss; {@link #total} combines the two.
 *
 * <p>Which variants count: a variant whose completion has no tokens is skipped (it has nothing to pool or score),
 * and a response left with fewer than two variants adds nothing. HIDDEN_HEAD averages the cross-entropy over the
 * variants of each side; LOGPROB_RANK averages the Plackett–Luce loss over the responses of each side. With BOTH,
 * L_SPD is the mean of the chosen and the rejected side's averages (the side that has variants, if only one has).
 *
 * <p>Metrics: {@value #LOSS} (L_SPD), {@value #ACCURACY} (HIDDEN_HEAD: argmax of the logits = d; LOGPROB_RANK: the
 * variant's rank by s equals its rank by degree; over all variants that count) and {@value #NUM_VARIANTS} (variants
 * that count per response given, 0..K). A micro-batch where nothing counts reports 0 for all three and a constant
 * zero loss, so λ·L_SPD leaves the step to the alignment loss.
 */
public final class SpoDegreeLoss {
    public static final String LOSS = MetricNames.SPO_LOSS;
    public static final String ACCURACY = MetricNames.SPO_ACCURACY;
    public static final String NUM_VARIANTS = MetricNames.SPO_NUM_VARIANTS;

    private final SpoSettings settings;
    private final DegreeHead head;
    private final long padId;

    /** L_SPD (scalar; with gradient unless nothing counted), detached scalar metrics, and tokens fed to the model. */
    public record Result(NDArray loss, Map<String, NDArray> metrics, long tokens) {}

    /** One variant that counts: its side (0 chosen, 1 rejected), response, rank within the response, and data. */
    private record Row(int side, int response, int rank, int degree, long[] prompt, long[] completion, double ref) {}

    /**
     * @param head the HIDDEN_HEAD classifier with K = settings.k(); null for LOGPROB_RANK, which has no parameters
     * @param padId any valid token id; right padding is never attended to nor counted
     */
    public SpoDegreeLoss(SpoSettings settings, DegreeHead head, long padId) {
        DjlRuntime.engine();
        if (settings.classifier() == Classifier.HIDDEN_HEAD
                && (head == null || head.degrees() != settings.k())) {
            throw new IllegalArgumentException("HIDDEN_HEAD needs a degree head with k = " + settings.k() + ", got "
                    + (head == null ? "none" : "k = " + head.degrees()));
        }
        if (settings.classifier() == Classifier.LOGPROB_RANK && head != null) {
            throw new IllegalArgumentException("LOGPROB_RANK has no head to train; pass null");
        }
        this.settings = settings;
        this.head = head;
        this.padId = padId;
    }

    /**
     * L = L_align + λ·L_SPD. With λ = 0 this returns {@code alignLoss} itself, so a λ = 0 run is exactly the plain
     * method whatever L_SPD is (even NaN); the trainer can then skip computing L_SPD altogether.
     */
    public static NDArray total(NDArray alignLoss, NDArray degreeLoss, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("spo.lambda = " + lambda + " is invalid: must be a finite number >= 0");
        }
        // a float factor: a double one would promote the 0-d product, and with it the total, to float64
        return lambda == 0 ? alignLoss : alignLoss.add(org.preflab.engine.tensor.Scalars.mul(degreeLoss, lambda));
    }

    /**
     * L_SPD of a micro-batch; every array is created in {@code m}.
     *
     * @param chosen variant sets of the chosen responses
     * @param rejected variant sets of the rejected responses; must be empty unless apply_to = BOTH
     */
    public Result compute(TransformerLM lm, List<VariantSet> chosen, List<VariantSet> rejected, NDManager m) {
        if (settings.applyTo() == ApplyTo.CHOSEN && !rejected.isEmpty()) {
            throw new IllegalArgumentException("spo.apply_to = CHOSEN but " + rejected.size()
                    + " rejected variant sets were given");
        }
        List<Row> rows = new ArrayList<>();
        List<int[]> counts = new ArrayList<>(); // per response that counts: {side, number of rows}
        collect(0, chosen, rows, counts);
        collect(1, rejected, rows, counts);
        int responses = chosen.size() + rejected.size();
        if (rows.isEmpty()) {
            NDArray zero = m.zeros(new Shape());
            return new Result(zero, metrics(zero, zero, 0, responses, m), 0);
        }
        long tokens = rows.stream().mapToLong(r -> r.prompt().length + r.completion().length).sum();
        NDArray[] lossAndAccuracy = settings.classifier() == Classifier.HIDDEN_HEAD
                ? hiddenHead(lm, rows, m)
                : logprobRank(lm, rows, counts, m);
        NDArray loss = lossAndAccuracy[0];
        return new Result(loss, metrics(loss, lossAndAccuracy[1], rows.size(), responses, m), tokens);
    }

    private void collect(int side, List<VariantSet> sets, List<Row> rows, List<int[]> counts) {
        for (VariantSet set : sets) {
            if (settings.classifier() == Classifier.LOGPROB_RANK && set.referenceLogps() == null) {
                throw new IllegalArgumentException("LOGPROB_RANK needs the reference's log-prob of every variant");
            }
            List<Row> kept = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                if (set.degrees()[i] >= settings.k()) {
                    throw new IllegalArgumentException("degree " + set.degrees()[i] + " is out of range for spo.k = "
                            + settings.k() + " (degrees " + Arrays.toString(set.degrees()) + ")");
                }
                if (set.completions()[i].length > 0) {
                    double ref = set.referenceLogps() == null ? 0 : set.referenceLogps()[i];
                    kept.add(new Row(side, counts.size(), kept.size(), set.degrees()[i], set.prompt(),
                            set.completions()[i], ref));
                }
            }
            if (kept.size() >= 2) {
                rows.addAll(kept);
                counts.add(new int[] {side, kept.size()});
            }
        }
    }

    /** Cross-entropy of the head on pooled final hidden states, weighted so that each side's variants average. */
    private NDArray[] hiddenHead(TransformerLM lm, List<Row> rows, NDManager m) {
        int n = rows.size();
        int t = rows.stream().mapToInt(r -> r.prompt().length + r.completion().length).max().orElseThrow();
        long[] ids = new long[n * t];
        float[] mask = new float[n * t];
        long[] labels = new long[n];
        Arrays.fill(ids, padId);
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            System.arraycopy(r.prompt(), 0, ids, i * t, r.prompt().length);
            System.arraycopy(r.completion(), 0, ids, i * t + r.prompt().length, r.completion().length);
            Arrays.fill(mask, i * t + r.prompt().length, i * t + r.prompt().length + r.completion().length, 1f);
            labels[i] = r.degree();
        }
        int[] perSide = new int[2];
        rows.forEach(r -> perSide[r.side()]++);
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            weights[i] = sideWeight(perSide, rows.get(i).side());
        }
        // Right padding: every real token comes before the pads, so the plain causal mask is enough.
        NDArray positions = m.arange(0, t, 1, DataType.INT64).expandDims(0);
        NDArray hidden = lm.hidden(m.create(ids, new Shape(n, t)), positions, AttentionMask.causal(m, t), null);
        NDArray pooled = DegreeHead.pool(hidden, m.create(mask, new Shape(n, t)), settings.pooling());
        NDArray logits = head.logits(pooled);
        NDArray labelArray = m.create(labels, new Shape(n));
        NDArray loss = DegreeHead.crossEntropyOf(logits, labelArray).mul(m.create(weights, new Shape(n))).sum();
        return new NDArray[] {loss, DegreeHead.accuracy(logits, labelArray)};
    }

    /** Plackett–Luce over s_d = (logπθ − logπref)/L_d, weighted so that each side's responses average. */
    private NDArray[] logprobRank(TransformerLM lm, List<Row> rows, List<int[]> counts, NDManager m) {
        List<ScoredSequence> seqs = new ArrayList<>(rows.size());
        float[] ref = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            seqs.add(new ScoredSequence(rows.get(i).prompt(), rows.get(i).completion()));
            ref[i] = (float) rows.get(i).ref();
        }
        SequenceLogProbs lp = SequenceScorer.score(lm, TokenBatch.of(m, seqs, padId), false);
        NDArray s = lp.sum().sub(m.create(ref)).div(lp.tokens()); // (N)
        int b = counts.size();
        int k = settings.k();
        long[] index = new long[b * k]; // row-major (B, K): response r's variants in degree order, then unused 0s
        int[] present = new int[b];
        int[] perSide = new int[2];
        float[] weights = new float[b];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            index[r.response() * k + r.rank()] = i;
            present[r.response()]++;
        }
        counts.forEach(c -> perSide[c[0]]++);
        for (int r = 0; r < b; r++) {
            weights[r] = sideWeight(perSide, counts.get(r)[0]);
        }
        NDArray ranked = s.take(m.create(index, new Shape(b, k))); // (B, K), gradient flows back to s
        NDArray loss = PlackettLuce.perExample(ranked, present).mul(m.create(weights, new Shape(b))).sum();
        return new NDArray[] {loss, m.create(rankAccuracy(s.toFloatArray(), rows))};
    }

    /** Fraction of variants whose rank by s (descending, ties by degree) equals their rank by degree. */
    private static float rankAccuracy(float[] s, List<Row> rows) {
        int hits = 0;
        int start = 0;
        while (start < rows.size()) {
            int end = start;
            while (end < rows.size() && rows.get(end).response() == rows.get(start).response()) {
                end++;
            }
            Integer[] order = new Integer[end - start];
            for (int i = 0; i < order.length; i++) {
                order[i] = start + i;
            }
            Arrays.sort(order, (x, y) -> Float.compare(s[y], s[x])); // stable: ties keep degree order
            for (int rank = 0; rank < order.length; rank++) {
                hits += order[rank] == start + rank ? 1 : 0;
            }
            start = end;
        }
        return (float) hits / rows.size();
    }

    /** 1/(sides·n_side): each side that has any items gets equal total weight, split evenly over its items. */
    private static float sideWeight(int[] perSide, int side) {
        int sides = (perSide[0] > 0 ? 1 : 0) + (perSide[1] > 0 ? 1 : 0);
        return 1f / (sides * perSide[side]);
    }

    private static Map<String, NDArray> metrics(NDArray loss, NDArray accuracy, int variants, int responses,
            NDManager m) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LOSS, loss.stopGradient());
        out.put(ACCURACY, accuracy);
        out.put(NUM_VARIANTS, m.create(responses == 0 ? 0f : (float) variants / responses));
        return out;
    }
}
