package org.preflab.engine.spo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.Objective;

/**
 * SPO's self-supervised degree loss beside the alignment loss (algorithms.md §5): L = L_align + λ·L_SPD. The
 * degree variants of every response are built (and tokenized, and for LOGPROB_RANK scored by the reference) once
 * when a stage starts; each micro-batch then adds the loss over its pairs' variants.
 */
public final class SpoTerm {
    private final SpoSettings settings;
    private final DegreeHead head;
    private final SpoDegreeLoss loss;
    private final Map<Integer, VariantSet> chosen;
    private final Map<Integer, VariantSet> rejected;

    private SpoTerm(SpoSettings settings, DegreeHead head, long padId, Map<Integer, VariantSet> chosen,
            Map<Integer, VariantSet> rejected) {
        this.settings = settings;
        this.head = head;
        this.loss = new SpoDegreeLoss(settings, head, padId);
        this.chosen = chosen;
        this.rejected = rejected;
    }

    /**
     * Builds the variants of the pairs' responses.
     *
     * @param head the degree head (HIDDEN_HEAD), shared across stages; null for LOGPROB_RANK
     * @param reference scores the variants for LOGPROB_RANK (unused otherwise)
     * @param policy samples the responses for POLICY_SAMPLE (unused otherwise)
     */
    public static SpoTerm build(SpoSettings s, DegreeHead head, List<PairExample> pairs, TextTokenizer tok,
            TransformerLM reference, TransformerLM policy, NDManager scratch, int maxLength, long seed) {
        Map<Integer, String> chosenText = new HashMap<>();
        Map<Integer, String> rejectedText = new HashMap<>();
        if (s.variantSource() == SpoSettings.VariantSource.POLICY_SAMPLE) {
            sample(policy, pairs, tok, scratch, maxLength, seed, chosenText);
            if (s.applyTo() == SpoSettings.ApplyTo.BOTH) {
                sample(policy, pairs, tok, scratch, maxLength, seed + 1, rejectedText);
            }
        } else {
            for (PairExample p : pairs) {
                if (p.chosenText() == null) {
                    throw new IllegalArgumentException("SPO with variant_source DATASET needs the response texts;"
                            + " pair " + p.index() + " has none");
                }
                chosenText.put(p.index(), p.chosenText());
                rejectedText.put(p.index(), p.rejectedText());
            }
        }
        long pad = tok.padIdOrEos();
        Map<Integer, VariantSet> c = new LinkedHashMap<>();
        Map<Integer, VariantSet> r = new LinkedHashMap<>();
        for (PairExample p : pairs) {
            c.put(p.index(), variants(s, p, chosenText.get(p.index()), tok, reference, scratch, pad, seed));
            if (s.applyTo() == SpoSettings.ApplyTo.BOTH) {
                r.put(p.index(), variants(s, p, rejectedText.get(p.index()), tok, reference, scratch, pad, seed + 7));
            }
        }
        return new SpoTerm(s, head, pad, c, r);
    }

    private static VariantSet variants(SpoSettings s, PairExample p, String text, TextTokenizer tok,
            TransformerLM reference, NDManager scratch, long pad, long seed) {
        List<DegreeVariants.Variant> vs = DegreeVariants.build(text, s.k(), s.removalOrder(), seed * 31 + p.index());
        int[] degrees = new int[vs.size()];
        long[][] completions = new long[vs.size()][];
        for (int i = 0; i < vs.size(); i++) {
            degrees[i] = vs.get(i).degree();
            completions[i] = withEos(tok.encode(vs.get(i).text(), false), tok);
        }
        if (s.classifier() == SpoSettings.Classifier.HIDDEN_HEAD) {
            return VariantSet.of(p.prompt(), degrees, completions);
        }
        List<ScoredSequence> seqs = new ArrayList<>();
        for (long[] comp : completions) {
            seqs.add(new ScoredSequence(p.prompt(), comp));
        }
        double[] ref = SequenceScorer.scoreToArrays(reference, scratch, seqs, pad)[0];
        return new VariantSet(p.prompt(), degrees, completions, ref);
    }

    private static void sample(TransformerLM policy, List<PairExample> pairs, TextTokenizer tok, NDManager scratch,
            int maxLength, long seed, Map<Integer, String> out) {
        for (int start = 0; start < pairs.size(); start += 8) {
            List<PairExample> batch = pairs.subList(start, Math.min(pairs.size(), start + 8));
            List<long[]> prompts = batch.stream().map(PairExample::prompt).toList();
            int longest = prompts.stream().mapToInt(x -> x.length).max().orElse(1);
            int room = Math.min(maxLength, policy.config().maxPositions()) - longest;
            List<Generation> g = Generator.generate(policy, scratch, prompts,
                    new SamplingConfig(1.0, 0, 1.0, Math.max(1, Math.min(64, room)), tok.specialTokens().stopIds(),
                            seed + start));
            for (int i = 0; i < batch.size(); i++) {
                out.put(batch.get(i).index(), tok.decode(g.get(i).tokens(), true));
            }
        }
    }

    private static long[] withEos(long[] ids, TextTokenizer tok) {
        if (tok.specialTokens().eosId().isEmpty()) {
            return ids;
        }
        long[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = tok.specialTokens().eosId().getAsLong();
        return out;
    }

    /** L_align + λ·L_SPD for a micro-batch, with spo/loss, spo/accuracy and spo/num_variants added. */
    public Objective.Output add(Objective.Output align, TransformerLM lm, List<PairExample> pairs, NDManager m) {
        if (settings.lambda() == 0) {
            return align; // exactly L_align, as the spec requires
        }
        List<VariantSet> c = new ArrayList<>();
        List<VariantSet> r = new ArrayList<>();
        for (PairExample p : pairs) {
            c.add(chosen.get(p.index()));
            if (!rejected.isEmpty()) {
                r.add(rejected.get(p.index()));
            }
        }
        SpoDegreeLoss.Result spd = loss.compute(lm, c, r, m);
        Map<String, NDArray> metrics = new LinkedHashMap<>(align.metrics());
        metrics.putAll(spd.metrics());
        return new Objective.Output(SpoDegreeLoss.total(align.loss(), spd.loss(), settings.lambda()), metrics,
                align.tokens() + spd.tokens());
    }

    /** The degree head's trainable arrays (empty for LOGPROB_RANK). */
    public Map<String, NDArray> parameters() {
        return head == null ? Map.of() : head.parameters();
    }

    public static Set<String> metricNames() {
        return Set.of(MetricNames.SPO_LOSS, MetricNames.SPO_ACCURACY, MetricNames.SPO_NUM_VARIANTS);
    }
}
