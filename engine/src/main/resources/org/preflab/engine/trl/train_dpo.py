"""Trains a DPO experiment exported by PrefLab (preflab export-trl) with Hugging Face TRL's DPOTrainer.

    bash launch.sh                                  # accelerate launch --config_file accelerate_config.yaml ...
    python train_dpo.py --config dpo_config.yaml [--key value ...]   # one process, no accelerate

dpo_config.yaml holds DPOConfig's fields plus this script's own (ExportArguments); TrlParser reads it, and any
field can be overridden on the command line (--model_name_or_path /models/x --output_dir /scratch/run).
Besides TRL's checkpoint-N folders, the main process rewrites output_dir/trainer_state.json after every log, so
PrefLab can follow the run while it trains (preflab watch-trl OUTPUT_DIR, or the workbench), and keeps
output_dir/preflab_trl.json (versions, processes, status: running, finished or failed).
"""
import json
import os
import platform
import sys
import traceback
from dataclasses import dataclass, field

import torch
import transformers
import trl
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
from trl import DPOConfig, DPOTrainer, TrlParser


@dataclass
class ExportArguments:
    model_name_or_path: str = field(metadata={"help": "the starting checkpoint: a Hugging Face model folder"})
    train_file: str = field(default="train.jsonl", metadata={"help": "training pairs, JSONL in TRL's form"})
    eval_file: str | None = field(default=None, metadata={"help": "evaluation pairs, JSONL in TRL's form"})


def write_json(path, value):
    """Written whole and renamed into place, so a reader never sees half a file."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=2)
    os.replace(tmp, path)


class LiveState(TrainerCallback):
    """Keeps output_dir/trainer_state.json current (transformers writes it only into checkpoints)."""

    def write(self, args, state):
        if state.is_world_process_zero:
            os.makedirs(args.output_dir, exist_ok=True)
            state.save_to_json(os.path.join(args.output_dir, "trainer_state.json.tmp"))
            os.replace(os.path.join(args.output_dir, "trainer_state.json.tmp"),
                       os.path.join(args.output_dir, "trainer_state.json"))

    def on_train_begin(self, args, state, control, **kwargs):
        self.write(args, state)

    def on_log(self, args, state, control, **kwargs):
        self.write(args, state)

    def on_train_end(self, args, state, control, **kwargs):
        self.write(args, state)


def status(cfg, value, **extra):
    if int(os.environ.get("RANK", "0")) != 0:
        return
    os.makedirs(cfg.output_dir, exist_ok=True)
    write_json(os.path.join(cfg.output_dir, "preflab_trl.json"), dict(
        status=value, world_size=int(os.environ.get("WORLD_SIZE", "1")), python=platform.python_version(),
        versions=dict(torch=torch.__version__, transformers=transformers.__version__, trl=trl.__version__),
        device="cuda" if torch.cuda.is_available() and not cfg.use_cpu else "cpu", **extra))


def main():
    exp, cfg = TrlParser((ExportArguments, DPOConfig)).parse_args_and_config()
    status(cfg, "running")
    try:
        tok = AutoTokenizer.from_pretrained(exp.model_name_or_path)
        if tok.pad_token is None:  # as PrefLab pads: with EOS when the tokenizer has no pad token
            tok.pad_token = tok.eos_token
        model = AutoModelForCausalLM.from_pretrained(exp.model_name_or_path, dtype=torch.float32)
        files = {"train": exp.train_file}
        if exp.eval_file:
            files["eval"] = exp.eval_file
        data = load_dataset("json", data_files=files)
        trainer = DPOTrainer(model=model, args=cfg, train_dataset=data["train"], eval_dataset=data.get("eval"),
                             processing_class=tok, callbacks=[LiveState()])
        trainer.train()
        end = trainer.state.global_step
        if exp.eval_file and not any("eval_loss" in h and h.get("step") == end for h in trainer.state.log_history):
            trainer.evaluate()  # PrefLab always evaluates at the end (transformers did not, this time)
            LiveState().write(cfg, trainer.state)
        trainer.save_model(cfg.output_dir)
        status(cfg, "finished")
    except BaseException as e:
        status(cfg, "failed", error=f"{type(e).__name__}: {e}", trace=traceback.format_exc()[-4000:])
        raise


if __name__ == "__main__":
    sys.exit(main())
