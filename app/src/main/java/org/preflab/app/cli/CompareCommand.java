package org.preflab.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.preflab.app.compare.CompareSpec;
import org.preflab.app.compare.ComparePlan;
import org.preflab.app.compare.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflab compare <sample> [--seeds N] [--quick]}: reproduces the comparison a sample's compare.json declares. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Runs every arm of a sample's compare.json with each seed (train.seed overridden) into"
                + " <sample>/compare/runs, then writes <sample>/compare/results.md, results.csv, seeds.csv and one"
                + " PNG chart per metric (mean over seeds, band of one standard deviation).",
            "Finished runs with the same arm, seed and config are reused, so a second call only redraws."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<sample>", description = "a sample folder holding compare.json (or the compare file)")
    Path sample;

    @Option(names = "--seeds", paramLabel = "N",
            description = "run N seeds: the sample's first N, continuing past its last (default: the sample's)")
    Integer seeds;

    @Option(names = "--quick", description = "apply the sample's quick settings: a short version, for tests")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (seeds != null && seeds < 1) {
            throw new IllegalArgumentException("--seeds " + seeds + ": give at least 1");
        }
        CompareSpec spec = CompareSpec.load(sample);
        List<Integer> which = ComparePlan.seeds(spec, quick, seeds);
        String command = "preflab compare " + sample + (seeds == null ? "" : " --seeds " + seeds)
                + (quick ? " --quick" : "");
        Comparison.Written w = Comparison.run(spec, which, quick, command,
                new Comparison.Trainer() {
                    @Override
                    public Path train(Path config) throws Exception {
                        return HeadlessRuns.finish(CliEngine.get(), config);
                    }

                    @Override
                    public Path resume(Path runDir) throws Exception {
                        return HeadlessRuns.finishResumed(CliEngine.get(), runDir);
                    }
                }, System.out);
        System.out.println(w.trained() + " runs trained, " + w.reused() + " reused");
        System.out.println("results: " + w.markdown());
        System.out.println("tables and charts in " + w.folder() + " (results.csv, seeds.csv, one PNG per metric)");
        return 0;
    }
}
