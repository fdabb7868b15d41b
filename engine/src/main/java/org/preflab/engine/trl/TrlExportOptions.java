package org.preflab.engine.trl;

import java.util.List;

/**
 * How to export: for how many GPUs, with which DeepSpeed ZeRO stage, in PrefLab's data order or TRL's own, and
 * whether settings TRL cannot express may be left behind (listed) rather than refused.
 *
 * @param gpus processes to launch, one per GPU; 0 trains on the CPU (one process)
 * @param deepspeed null, "zero2" or "zero3"
 * @param sameOrder write train.jsonl in the order PrefLab's first epoch visits it and sample it sequentially
 * @param allowUnmapped export an sdpo experiment or one with an spo section as plain DPO (listed as unmapped)
 */
public record TrlExportOptions(int gpus, String deepspeed, boolean sameOrder, boolean allowUnmapped) {
    public static final List<String> DEEPSPEED_STAGES = List.of("zero2", "zero3");

    public TrlExportOptions {
        if (gpus < 0) {
            throw new IllegalArgumentException("--gpus = " + gpus + " is invalid: must be >= 0 (0 trains on the CPU)");
        }
        if (deepspeed != null && !DEEPSPEED_STAGES.contains(deepspeed)) {
            throw new IllegalArgumentException("--deepspeed = '" + deepspeed + "' is not known; known: zero2, zero3");
        }
        if (deepspeed != null && gpus == 0) {
            throw new IllegalArgumentException("--deepspeed needs GPUs (--gpus 1 or more), not the CPU");
        }
    }

    public static TrlExportOptions defaults() {
        return new TrlExportOptions(1, null, false, false);
    }
}
