"""The DPO step of `preflab bench --shape SHAPE --workload dpo_step` in plain torch, as TRL computes it (concatenated
chosen+rejected forward, log-softmax gathered over completion tokens, sigmoid loss against precomputed reference
log-probs, backward, global clip 1.0, AdamW), on ../shared/bench/trl/make_case.py's model of SHAPE with random ids.
Prints tokens/s, each step's forward/backward/clip/optimizer ms and peak RSS; with a trace path, also one step under
torch.profiler (the table sorted by self time, and the Chrome trace), to hold against `preflab bench --op-profile`.

    TRL_PYTHON peer_step.py llama-135m [steps] [trace.json]        (run from the PrefLab checkout)

Give it PrefLab's MKL override with LD_PRELOAD for the same GEMM path, and OMP_WAIT_POLICY=PASSIVE as PrefLab's
launcher sets. Used for README "Benchmark" (issue 16)."""
import json, os, resource, sys, time
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "trl"))
from make_case import make_config
from transformers import AutoModelForCausalLM
shape = sys.argv[1]; steps = int(sys.argv[2]) if len(sys.argv) > 2 else 4
torch.set_num_threads(2)
torch.manual_seed(0)
m = AutoModelForCausalLM.from_config(make_config(shape), dtype=torch.float32)
m.train()
opt = torch.optim.AdamW(m.parameters(), lr=1e-4, weight_decay=0.01)
P, C, B = 32, 96, 2
phases = []
def step():
    ids = torch.randint(4, 4096, (2 * B, P + C))
    ref = torch.randn(2 * B)
    t0 = time.perf_counter()
    logits = m(input_ids=ids).logits[:, :-1]
    lp = torch.gather(logits.log_softmax(-1), 2, ids[:, 1:, None]).squeeze(2)
    lp = lp[:, P - 1:].sum(-1) - ref
    h = lp[:B] - lp[B:]
    loss = -F.logsigmoid(0.1 * h).mean()
    t1 = time.perf_counter()
    loss.backward()
    t2 = time.perf_counter()
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
    t3 = time.perf_counter()
    opt.step(); opt.zero_grad()
    t4 = time.perf_counter()
    phases.append([round(1000 * x) for x in (t1 - t0, t2 - t1, t3 - t2, t4 - t3)])
    return time.perf_counter() - t0
for _ in range(2): step()
ts = sorted(step() for _ in range(steps))
print(json.dumps(dict(shape=shape, tokens_per_s=round(2 * B * (P + C) / ts[len(ts) // 2], 1), step_s=[round(t, 3) for t in ts],
    preload=bool(os.environ.get("LD_PRELOAD")), phases_fwd_bwd_clip_opt_ms=phases[2:], peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)))
if len(sys.argv) < 4: sys.exit(0)
from torch.profiler import profile, ProfilerActivity
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    step()
print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30))
if len(sys.argv) > 3: prof.export_chrome_trace(sys.argv[3])
