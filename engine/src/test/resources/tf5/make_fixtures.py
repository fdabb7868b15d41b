"""Tiny random Llamas (and a GPT-NeoX) saved by transformers 5 (rope_parameters layout), with their logits, for PrefLab's tests.

Run with transformers 5.x and torch: python make_fixtures.py  (writes the folders beside this file).
Each folder: config.json and model.safetensors as save_pretrained writes them, and golden.json in the format of
shared/fixtures/README.md (logits of each case, token and sequence log-probs), computed in float32.
"""
import json
import pathlib

import torch
import transformers
from transformers import GPTNeoXConfig, GPTNeoXForCausalLM, LlamaConfig, LlamaForCausalLM

HERE = pathlib.Path(__file__).parent
VARIANTS = {
    # The case: the base only in rope_parameters; read as 10000 the logits were far off.
    "llama-theta-1e6": {"rope_theta": 1e6, "rope_type": "default"},
    "llama-rope-linear": {"rope_theta": 10000.0, "rope_type": "linear", "factor": 2.0},
    "llama-rope-llama3": {"rope_theta": 10000.0, "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                          "high_freq_factor": 4.0, "original_max_position_embeddings": 16},
}


def main():
    for i, (name, rope) in enumerate(list(VARIANTS.items()) + [("neox-partial-rotary", None)]):
        torch.manual_seed(1000 + i)
        if rope is None:  # GPT-NeoX keeps its rotary share in rope_parameters too: partial_rotary_factor
            rope = {"rope_theta": 1e5, "rope_type": "default", "partial_rotary_factor": 0.5}
            config = GPTNeoXConfig(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                                   num_attention_heads=4, max_position_embeddings=64, rope_parameters=rope,
                                   initializer_range=0.3, use_parallel_residual=True, bos_token_id=1,
                                   eos_token_id=2)
            model = GPTNeoXForCausalLM(config).float().eval()
        else:
            config = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                                 num_attention_heads=4, num_key_value_heads=2, head_dim=8, max_position_embeddings=64,
                                 rms_norm_eps=1e-6, rope_parameters=rope, initializer_range=0.3,
                                 tie_word_embeddings=False, bos_token_id=1, eos_token_id=2)
            model = LlamaForCausalLM(config).float().eval()
        out = HERE / name
        model.save_pretrained(out)
        g = torch.Generator().manual_seed(7 + i)
        cases = []
        for case, length in (("short", 5), ("long", 40), ("longest", 60)):
            ids = torch.randint(3, 64, (1, length), generator=g)
            with torch.no_grad():
                logits = model(ids).logits[0].double()
            logp = torch.log_softmax(logits, -1)
            token_logprobs = [logp[t, ids[0, t + 1]].item() for t in range(length - 1)]
            cases.append({"name": case, "input_ids": ids[0].tolist(),
                          "logits": [[round(x, 6) for x in row] for row in logits.tolist()],
                          "token_logprobs": [round(x, 6) for x in token_logprobs],
                          "sequence_logprob": round(sum(token_logprobs), 6)})
        golden = {"model": name, "family": config.model_type,
                  "description": f"Random Llama saved by transformers {transformers.__version__}, rope_parameters "
                                 + json.dumps(rope),
                  "weights_dtype": "float32", "computed_in": "float32 (torch " + torch.__version__ + ")",
                  "tolerances": {"logits_max_abs": 1e-4, "token_logprob_max_abs": 1e-4,
                                 "sequence_logprob_abs": 1e-3},
                  "cases": cases}
        (out / "golden.json").write_text(json.dumps(golden) + "\n")
        (out / "generation_config.json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
