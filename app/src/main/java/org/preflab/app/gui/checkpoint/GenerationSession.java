package org.preflab.app.gui.checkpoint;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * A checkpoint's model and tokenizer, loaded on the engine thread at the first generation and kept for the next
 * ones. Every method runs on the engine thread; what leaves it is text and numbers.
 */
final class GenerationSession implements AutoCloseable {
    private final Path dir;
    private NDManager manager;
    private TransformerLM lm;
    private TextTokenizer tok;

    /** How a generation ended, for the status line. */
    record Result(String text, int tokens, boolean atStop, boolean cancelled, double seconds) {}

    GenerationSession(Path dir) {
        this.dir = dir;
    }

    /**
     * Samples a continuation of {@code prompt}, telling {@code onText} the decoded continuation so far after every
     * token; stops early when {@code cancelled} says so (checked between tokens).
     */
    Result generate(String prompt, double temperature, int topK, double topP, int maxNewTokens, long seed,
            Consumer<String> onText, BooleanSupplier cancelled) throws IOException {
        if (lm == null) {
            manager = DjlRuntime.newManager();
            tok = TextTokenizer.load(dir);
            lm = ModelIO.load(dir, manager);
        }
        long[] ids = tok.encode(prompt, true);
        SamplingConfig cfg = new SamplingConfig(temperature, topK, topP, maxNewTokens, tok.specialTokens().stopIds(),
                seed);
        long[] out = new long[maxNewTokens];
        int[] n = {0};
        long start = System.nanoTime();
        Generation g = Generator.stream(lm, manager, ids, cfg, t -> {
            out[n[0]++] = t;
            onText.accept(tok.decode(Arrays.copyOf(out, n[0]), true));
            return !cancelled.getAsBoolean();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = tok.decode(g.tokens(), true);
        boolean cut = !g.stopped() && g.tokens().length < maxNewTokens;
        return new Result(text, g.tokens().length, g.stopped(), cut, seconds);
    }

    /** Frees the model; on the engine thread. */
    @Override
    public void close() {
        if (lm != null) {
            lm.close();
            tok.close();
            manager.close();
            lm = null;
        }
    }
}
