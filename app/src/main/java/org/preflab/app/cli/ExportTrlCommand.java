package org.preflab.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.trl.DpoConfigMapping;
import org.preflab.engine.trl.TrlExport;
import org.preflab.engine.trl.TrlExportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflab export-trl <experiment|run>}: the experiment as a folder Hugging Face TRL trains from. */
@Command(name = "export-trl", mixinStandardHelpOptions = true,
        description = {"Writes an experiment (experiment.json, a project folder or a run folder) as a TRL DPOTrainer"
                + " run for more machines: dpo_config.yaml, train.jsonl (+ eval.jsonl), train_dpo.py, launch.sh,"
                + " accelerate_config.yaml and MAPPING.md. Settings TRL cannot express are listed as UNMAPPED.",
            "Then: bash <out>/launch.sh, and follow it with 'preflab watch-trl <out>/<name>-trl' or the workbench."})
public final class ExportTrlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<experiment|run>", description = "experiment JSON, project folder, or run folder")
    Path source;

    @Option(names = "--out", paramLabel = "DIR", description = "the export folder (default: <project>/trl/<name>)")
    Path out;

    @Option(names = "--gpus", paramLabel = "N", description = "processes, one per GPU; 0 trains on the CPU (default 1)")
    int gpus = 1;

    @Option(names = "--deepspeed", paramLabel = "zero2|zero3", description = "DeepSpeed ZeRO stage (GPUs only)")
    String deepspeed;

    @Option(names = "--same-order", description = "train.jsonl in the order PrefLab's first epoch visits it, sampled"
            + " sequentially (to compare steps with a PrefLab run)")
    boolean sameOrder;

    @Option(names = "--allow-unmapped", description = "export sdpo, or an spo section, as plain DPO (listed unmapped)")
    boolean allowUnmapped;

    @Override
    public Integer call() throws Exception {
        TrlExportOptions opt = new TrlExportOptions(gpus, deepspeed, sameOrder, allowUnmapped);
        RunConfig cfg = TrlExport.load(source);
        Path folder = out != null ? out : TrlExport.defaultFolder(source, cfg);
        TrlExport.Result r = TrlExport.write(source, cfg, folder, opt);
        System.out.println("exported " + cfg.name() + " to " + r.folder());
        r.files().forEach(f -> System.out.println("  " + r.folder().relativize(f)));
        System.out.println(r.trainPairs() + " train pairs, " + r.evalPairs() + " eval pairs"
                + (r.dropped() > 0 ? ", " + r.dropped() + " dropped by max_length (as PrefLab drops them)" : ""));
        if (r.unmapped().isEmpty()) {
            System.out.println("UNMAPPED: none");
        } else {
            System.out.println("UNMAPPED (PrefLab settings TRL does not get):");
            for (DpoConfigMapping.Unmapped u : r.unmapped()) {
                System.out.println("  " + u);
            }
        }
        r.notes().forEach(n -> System.out.println("NOTE: " + n));
        System.out.println("train:  bash " + r.folder().resolve("launch.sh"));
        System.out.println("follow: preflab watch-trl " + r.outputDir());
        return 0;
    }
}
