package org.preflab.engine.reward;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.preflab.engine.data.LengthLimits;
import org.preflab.engine.data.PairTokenizer;
import org.preflab.engine.data.PreferenceRecord;
import org.preflab.engine.data.TokenizedPair;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * A trained reward model loaded for scoring: the checkpoint folder of a method-reward run (a Hugging Face model
 * folder plus {@link RewardHead}'s tensors in objective.safetensors), loaded once.
 *
 * <p>Texts are tokenized exactly as the run tokenized its plain-text pairs ({@link PairTokenizer}): the prompt with
 * the tokenizer's special tokens (BOS), the completion appended with EOS, cut to the model's context keeping the
 * start. So a completion is scored on the same kind of sequence the head was trained on.
 *
 * <p>Threads: every call computes on the calling thread, with grad mode off for its duration (libtorch's grad mode
 * is per thread, and a thread other than the engine's starts with it on) and its arrays in a scratch sub-manager
 * closed before it returns. Calls are serialised, so the model is never used by two threads at once.
 */
public final class RewardModel implements AutoCloseable {
    private final Path folder;
    private final NDManager manager;
    private final TextTokenizer tok;
    private final TransformerLM lm;
    private final RewardHead head;
    private final PairTokenizer pairs;
    private final LengthLimits limits;

    private RewardModel(Path folder, NDManager manager, TextTokenizer tok, TransformerLM lm, RewardHead head) {
        this.folder = folder;
        this.manager = manager;
        this.tok = tok;
        this.lm = lm;
        this.head = head;
        this.pairs = new PairTokenizer(tok);
        this.limits = new LengthLimits(lm.config().maxPositions(), 0);
    }

    /**
     * Loads a reward model's checkpoint folder.
     *
     * @throws IOException when the folder is missing, is not a model folder, or has no reward head
     */
    public static RewardModel load(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("reward model folder not found: " + folder);
        }
        DjlRuntime.engine();
        NDManager manager = DjlRuntime.newManager();
        TextTokenizer tok = null;
        TransformerLM lm = null;
        try {
            tok = TextTokenizer.load(folder);
            lm = ModelIO.load(folder, manager);
            RewardHead head = RewardHead.load(folder, manager, lm.config().hidden());
            return new RewardModel(folder, manager, tok, lm, head);
        } catch (IOException | RuntimeException e) {
            if (tok != null) {
                tok.close();
            }
            manager.close(); // frees the model and head arrays too
            throw e;
        }
    }

    public Path folder() {
        return folder;
    }

    /** r(prompt, completion): the head's reward of prompt + completion. */
    public synchronized double score(String prompt, String completion) {
        return scores(prompt, List.of(completion))[0];
    }

    /** The rewards of several completions of one prompt, in one forward. */
    public synchronized double[] scores(String prompt, List<String> completions) {
        List<long[]> seqs = completions.stream().map(c -> sequence(prompt, c)).toList();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scratch = manager.newSubManager()) {
            float[] r = SequenceRewards.of(lm, head, seqs, tok.padIdOrEos(), scratch).toFloatArray();
            double[] out = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                out[i] = r[i];
            }
            return out;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** prompt + completion as the run's {@link PairTokenizer} made them from a plain-text pair. */
    long[] sequence(String prompt, String completion) {
        PreferenceRecord r = new PreferenceRecord(prompt, completion, completion, PreferenceRecord.Rendering.PLAIN,
                folder, 0);
        TokenizedPair p = pairs.encode(r).pair();
        PairTokenizer.Fit fit = pairs.fit(p, limits);
        if (fit.pair() == null) { // no completion tokens (no EOS to add), or a prompt filling the whole context
            long[] ids = SequenceRewards.concat(p.prompt(), p.chosen());
            return java.util.Arrays.copyOf(ids, Math.min(ids.length, limits.maxLength()));
        }
        return SequenceRewards.concat(fit.pair().prompt(), fit.pair().chosen());
    }

    /** Frees the model, the head and the tokenizer. */
    @Override
    public synchronized void close() {
        tok.close();
        manager.close();
    }
}
