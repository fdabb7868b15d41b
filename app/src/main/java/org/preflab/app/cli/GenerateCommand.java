package org.preflab.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.compute.Generation;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.tokenize.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflab generate <model-dir> --prompt TEXT ...}: sample continuations from a checkpoint. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Samples continuations of one or more prompts (batched, with a KV cache); stops at EOS.")
public final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<model-dir>", description = "Hugging Face model folder with tokenizer.json")
    Path modelDir;

    @Option(names = {"-p", "--prompt"}, required = true, description = "a prompt; repeat for a batch")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "1.0", description = "0 = greedy; default: ${DEFAULT-VALUE}")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "0 = off; default: ${DEFAULT-VALUE}")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "1 = off; default: ${DEFAULT-VALUE}")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "same seed, same text; default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        try (NDManager root = DjlRuntime.newManager(); TransformerLM lm = ModelIO.load(modelDir, root);
                TextTokenizer tok = TextTokenizer.load(modelDir)) {
            List<long[]> ids = new ArrayList<>();
            for (String p : prompts) {
                ids.add(tok.encode(p, true));
            }
            SamplingConfig cfg = new SamplingConfig(temperature, topK, topP, maxNewTokens,
                    tok.specialTokens().stopIds(), seed);
            List<Generation> out = Generator.generate(lm, root, ids, cfg);
            for (int i = 0; i < prompts.size(); i++) {
                long[] all = concat(ids.get(i), out.get(i).tokens());
                System.out.println(tok.decode(all, true));
                if (prompts.size() > 1) {
                    System.out.println("---");
                }
            }
        }
        return 0;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
