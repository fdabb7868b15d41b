package org.preflab.engine.trl;

import org.preflab.engine.train.TrainConfig;

/** accelerate's launch config for an export: one process per GPU (or one on the CPU), DeepSpeed ZeRO as asked. */
final class AccelerateConfig {
    private AccelerateConfig() {}

    static String yaml(TrlExportOptions opt, TrainConfig t, int gradientAccumulation) {
        boolean cpu = opt.gpus() == 0;
        String type = opt.deepspeed() != null ? "DEEPSPEED" : opt.gpus() > 1 ? "MULTI_GPU" : "NO";
        StringBuilder sb = new StringBuilder();
        sb.append("# accelerate launch config written by preflab export-trl (")
                .append(cpu ? "CPU" : opt.gpus() + " GPU" + (opt.gpus() == 1 ? "" : "s"))
                .append(opt.deepspeed() == null ? "" : ", DeepSpeed " + opt.deepspeed().toUpperCase(java.util.Locale.ROOT))
                .append(")\n");
        sb.append("# mixed_precision no: PrefLab computes in float32 (set bf16 here and in dpo_config.yaml for speed)\n");
        sb.append("compute_environment: LOCAL_MACHINE\n");
        sb.append("distributed_type: \"").append(type).append("\"\n"); // quoted: YAML 1.1 reads a bare NO as false
        sb.append("num_machines: 1\nmachine_rank: 0\n");
        sb.append("num_processes: ").append(Math.max(1, opt.gpus())).append('\n');
        sb.append("use_cpu: ").append(cpu).append('\n');
        if (!cpu) {
            sb.append("gpu_ids: all\n");
        }
        sb.append("mixed_precision: \"no\"\n");
        sb.append("main_training_function: main\nrdzv_backend: static\nsame_network: true\n");
        if (opt.deepspeed() != null) {
            boolean zero3 = opt.deepspeed().equals("zero3");
            sb.append("deepspeed_config:\n");
            sb.append("  zero_stage: ").append(zero3 ? 3 : 2).append('\n');
            sb.append("  gradient_accumulation_steps: ").append(gradientAccumulation).append('\n');
            sb.append("  gradient_clipping: ").append(YamlText.floating(t.maxGradNorm())).append('\n');
            sb.append("  offload_optimizer_device: none\n  offload_param_device: none\n");
            if (zero3) {
                sb.append("  zero3_init_flag: true\n  zero3_save_16bit_model: true\n");
            }
        }
        return sb.toString();
    }
}
