package org.preflab.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.preflab.engine.apl.PoolItem;
import org.preflab.engine.apl.PromptPool;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.oracle.OracleSettings;
import org.preflab.engine.oracle.Oracles;
import org.preflab.engine.oracle.SampledPairs;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;
import org.preflab.engine.tokenize.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code preflab pairs <model-dir> --prompts F --out F --rule sentiment}: a preference dataset (TRL standard JSONL)
 * from the model's own completions, labelled by an oracle.
 */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Makes preference pairs from a model's own completions: each prompt completed --samples times, "
                + "the oracle's best is chosen and its worst rejected. Writes TRL standard JSONL (prompt, chosen, "
                + "rejected, and the oracle's scores).")
public final class PairsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<model-dir>", description = "Hugging Face model folder with tokenizer.json")
    Path modelDir;

    @Option(names = "--prompts", required = true, description = "JSONL with a \"prompt\" on each line")
    Path prompts;

    @Option(names = "--out", required = true, description = "the pairs file to write (replaced whole)")
    Path out;

    @Option(names = "--oracle", defaultValue = "rules",
            description = "rules, reward_model or a plugin oracle's id; default: ${DEFAULT-VALUE}")
    String oracleType;

    @Option(names = "--rule", description = "a rule of the rules oracle (sentiment, keyword:a|b, lexicon:FILE, ...); "
            + "repeat to sum")
    List<String> rules = new ArrayList<>();

    @Option(names = "--oracle-model", description = "checkpoint of a reward-model run (oracle reward_model)")
    Path oracleModel;

    @Option(names = "--samples", defaultValue = "2", description = "completions per prompt; default: ${DEFAULT-VALUE}")
    int samples;

    @Option(names = "--min-gap", defaultValue = "0",
            description = "drop pairs whose scores differ by no more than this; default: ${DEFAULT-VALUE}")
    double minGap;

    @Option(names = "--temperature", defaultValue = "1.0", description = "default: ${DEFAULT-VALUE}")
    double temperature;

    @Option(names = "--max-new-tokens", defaultValue = "32", description = "default: ${DEFAULT-VALUE}")
    int maxNewTokens;

    @Option(names = "--max-prompt-length", defaultValue = "0",
            description = "keep the last this many prompt tokens (0: all); default: ${DEFAULT-VALUE}")
    int maxPromptLength;

    @Option(names = "--seed", defaultValue = "1", description = "same seed, same pairs; default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (oracleType.equals("dataset") || oracleType.equals("human")) {
            throw new IllegalArgumentException("--oracle " + oracleType + ": pairs need an oracle that judges new "
                    + "completions on its own (rules, reward_model or a plugin's)");
        }
        OracleSettings settings = new OracleSettings(oracleType, rules, 0, oracleModel == null ? null
                : oracleModel.toAbsolutePath().toString(), OracleSettings.Swap.NONE);
        SampledPairs.Settings s = new SampledPairs.Settings(samples, temperature, maxNewTokens, seed, minGap);
        SampledPairs.Result r = CliEngine.get().call(() -> make(settings, s));
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        double gap = 0;
        for (SampledPairs.Pair p : r.pairs()) {
            sb.append(json.writeValueAsString(p.toJson())).append('\n');
            gap += (p.chosenScore() - p.rejectedScore()) / r.pairs().size();
        }
        AtomicFiles.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf(java.util.Locale.ROOT, "%d pairs written to %s (%d prompts dropped: completions the oracle "
                + "judged equal)%s%n", r.pairs().size(), out, r.dropped(),
                Double.isFinite(gap) && !r.pairs().isEmpty() ? String.format(java.util.Locale.ROOT,
                        "; mean score gap %.3f", gap) : "");
        return 0;
    }

    private SampledPairs.Result make(OracleSettings settings, SampledPairs.Settings s) throws Exception {
        Path base = Path.of("").toAbsolutePath();
        try (NDManager root = DjlRuntime.newManager(); TransformerLM lm = ModelIO.load(modelDir, root);
                TextTokenizer tok = TextTokenizer.load(modelDir);
                PreferenceOracle oracle = Oracles.create(settings, new OracleProvider.Context(
                        out.toAbsolutePath().getParent(), base, rules, 0, oracleModel, Map.of()))) {
            List<PoolItem> items = PromptPool.readPrompts(prompts, tok, maxPromptLength);
            return SampledPairs.make(lm, root, tok, items, oracle, s);
        }
    }
}
