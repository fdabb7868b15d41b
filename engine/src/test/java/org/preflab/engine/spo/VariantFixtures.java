package org.preflab.engine.spo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.compute.ScoredSequence;
import org.preflab.engine.compute.SequenceScorer;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spo.SpoSettings.RemovalOrder;

/**
 * Test data for the degree loss on the tiny-gpt2 fixture (vocabulary 96, 64 positions): a character tokenizer
 * maps printable ASCII to ids 0..94 (c − 32) and 95, the fixture's BOS/EOS, starts every prompt.
 */
final class VariantFixtures {
    static final long BOS = 95;

    /** Responses with three RAKE phrases each, so K = 4 gives four distinct variants, and a one-phrase one. */
    static final List<String> RESPONSES = List.of(
            "Cats chase mice. Dogs fetch balls. Birds sing.",
            "Rain falls. Wind blows hard. The sun shines.",
            "Bees make honey. Ants dig tunnels. Owls hunt.",
            "Fish swim.");

    private VariantFixtures() {}

    static TransformerLM tinyGpt2(NDManager parent) throws IOException {
        return ModelIO.load(Path.of(System.getProperty("preflab.shared"), "fixtures", "tiny-gpt2"), parent);
    }

    static long[] ids(String text) {
        long[] out = new long[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            out[i] = c >= 32 && c < 127 ? c - 32 : 0;
        }
        return out;
    }

    static long[] prompt(String text) {
        long[] body = ids(text);
        long[] out = new long[body.length + 1];
        out[0] = BOS;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** The HIDDEN_HEAD set of one response: RAKE variants (TOP_SCORE) tokenised. */
    static VariantSet set(String response, int k) {
        List<DegreeVariants.Variant> v = DegreeVariants.build(response, k, RemovalOrder.TOP_SCORE, 0);
        int[] degrees = v.stream().mapToInt(DegreeVariants.Variant::degree).toArray();
        long[][] completions = v.stream().map(x -> ids(x.text())).toArray(long[][]::new);
        return VariantSet.of(prompt("Q:"), degrees, completions);
    }

    static List<VariantSet> sets(List<String> responses, int k) {
        List<VariantSet> out = new ArrayList<>();
        for (String r : responses) {
            out.add(set(r, k));
        }
        return out;
    }

    /** The same set with reference log-probs: the model's own scores plus {@code offsets[d]}. */
    static VariantSet withReference(TransformerLM ref, NDManager parent, VariantSet set, double[] offsets) {
        List<ScoredSequence> seqs = new ArrayList<>();
        for (long[] c : set.completions()) {
            seqs.add(new ScoredSequence(set.prompt(), c));
        }
        double[] sums = SequenceScorer.scoreToArrays(ref, parent, seqs, 0)[0];
        double[] logps = new double[sums.length];
        for (int i = 0; i < sums.length; i++) {
            logps[i] = sums[i] + (offsets == null ? 0 : offsets[i]);
        }
        return new VariantSet(set.prompt(), set.degrees(), set.completions(), logps);
    }
}
