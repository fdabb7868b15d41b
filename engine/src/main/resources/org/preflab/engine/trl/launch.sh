#!/usr/bin/env bash
# Trains the experiment PrefLab exported with TRL's DPOTrainer, under accelerate (accelerate_config.yaml: processes,
# GPUs, DeepSpeed). Arguments override dpo_config.yaml's fields, e.g.
#   bash launch.sh --model_name_or_path /models/my-model --output_dir /scratch/my-run
# Needs a Python with torch, transformers, trl, accelerate and datasets; ACCELERATE=/path/to/accelerate picks one.
# Follow the run with: preflab watch-trl <output_dir>   (or open the project in the PrefLab workbench)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE="${HF_HUB_OFFLINE:-1}"
exec "${ACCELERATE:-accelerate}" launch --config_file accelerate_config.yaml train_dpo.py --config dpo_config.yaml "$@"
