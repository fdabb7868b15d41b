package org.preflab.engine.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.dpo.PairExample;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;
import org.preflab.engine.winrate.WinRate;

/**
 * The win rate of a dpo or sdpo run that names an oracle: at every evaluation the policy and the configured starting
 * model each complete the eval pairs' prompts, and the oracle judges. The comparison is always against the starting
 * model, also in sDPO's later steps whose reference is the previous step's model, so that runs of different methods
 * on the same data are measured against the same thing. The starting model is loaded on the first evaluation.
 */
final class TuningWinRate implements AutoCloseable {
    private final RunConfig cfg;
    private final RunRecorder recorder;
    private final TextTokenizer tok;
    private final NDManager root;
    private final List<WinRate.Prompt> prompts;
    private final PreferenceOracle oracle;
    private final PreferenceStages.LazyModel initial;

    private TuningWinRate(RunConfig cfg, RunRecorder recorder, TextTokenizer tok, NDManager root,
            List<WinRate.Prompt> prompts, PreferenceOracle oracle) {
        this.cfg = cfg;
        this.recorder = recorder;
        this.tok = tok;
        this.root = root;
        this.prompts = prompts;
        this.oracle = oracle;
        this.initial = new PreferenceStages.LazyModel(Path.of(cfg.model()), root);
    }

    /** The run's win rate, or null when it names no oracle or has no eval pairs. */
    static TuningWinRate of(RunConfig cfg, RunRecorder recorder, List<PairExample> eval, TextTokenizer tok,
            NDManager root) throws IOException {
        if (cfg.oracle() == null || eval.isEmpty()) {
            return null;
        }
        PreferenceOracle oracle = LoopData.createOracle(cfg, recorder.dir(), List.of(), tok);
        recorder.event(0, RunEvent.REFERENCE, "win rate against the starting model at each evaluation, judged by "
                + oracle.describe());
        return new TuningWinRate(cfg, recorder, tok, root, distinctPrompts(eval, tok), oracle);
    }

    /** Each eval prompt once (pairs often share a prompt), in order of first appearance. */
    static List<WinRate.Prompt> distinctPrompts(List<PairExample> eval, TextTokenizer tok) {
        Map<String, WinRate.Prompt> byText = new LinkedHashMap<>();
        for (PairExample p : eval) {
            String text = tok.decode(p.prompt(), true);
            byText.putIfAbsent(text, new WinRate.Prompt(text, p.prompt()));
        }
        return new ArrayList<>(byText.values());
    }

    void record(TransformerLM policy, int step, int labelsUsed, int stage) throws IOException {
        LoopData.recordWinRate(recorder, prompts, policy, initial.get(), oracle, cfg, tok, root, step, labelsUsed,
                stage);
    }

    @Override
    public void close() {
        initial.close();
        oracle.close();
    }
}
