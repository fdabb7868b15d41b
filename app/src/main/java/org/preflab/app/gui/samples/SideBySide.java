package org.preflab.app.gui.samples;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Policy and reference answers to one prompt with the same sampling settings and seed. Engine-thread work: both
 * models are loaded, used and closed within the call, one after the other (only one is in memory at a time).
 */
public final class SideBySide {
    /** The two continuations, as text (the prompt not repeated). */
    public record Answers(String prompt, String policy, String reference) {}

    /** Sampling settings as typed; {@link #config} checks them with the engine's own messages. */
    public record Settings(double temperature, int topK, double topP, int maxNewTokens, long seed) {}

    private SideBySide() {}

    /**
     * Generates from both models.
     *
     * @throws IllegalArgumentException a setting or prompt the engine refuses, with its message
     */
    public static Answers generate(Path policyDir, Path referenceDir, String prompt, Settings s) throws IOException {
        try (NDManager root = DjlRuntime.newManager(); TextTokenizer tok = TextTokenizer.load(policyDir)) {
            long[] ids = tok.encode(prompt, true);
            SamplingConfig cfg = config(s, tok);
            return new Answers(prompt, one(policyDir, root, ids, cfg, tok), one(referenceDir, root, ids, cfg, tok));
        }
    }

    static SamplingConfig config(Settings s, TextTokenizer tok) {
        return new SamplingConfig(s.temperature(), s.topK(), s.topP(), s.maxNewTokens(),
                tok.specialTokens().stopIds(), s.seed());
    }

    private static String one(Path dir, NDManager root, long[] ids, SamplingConfig cfg, TextTokenizer tok)
            throws IOException {
        try (TransformerLM lm = ModelIO.load(dir, root)) {
            int room = lm.config().maxPositions() - ids.length;
            if (room <= 0) {
                throw new IllegalArgumentException("the prompt is " + ids.length + " tokens; the model's context is "
                        + lm.config().maxPositions());
            }
            SamplingConfig fits = cfg.maxNewTokens() <= room ? cfg : new SamplingConfig(cfg.temperature(), cfg.topK(),
                    cfg.topP(), room, cfg.stopIds(), cfg.seed());
            List<Generation> out = Generator.generate(lm, root, List.of(ids), fits);
            return tok.decode(out.get(0).tokens(), true);
        }
    }
}
