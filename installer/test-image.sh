#!/usr/bin/env bash
# Checks an application image (installer/build-image.sh) offline. With the network cut (unshare -rn: a new network
# namespace holding only a downed loopback, no root needed) the image's preflab command starts the engine and trains
# a copy of the bundled sample for 2 steps, while strace records every connect(): none may reach an IPv4 or IPv6
# address, and nothing of libtorch may be unpacked into the user's cache (it is linked from the image).
# Usage: installer/test-image.sh [image]   (default: installer/target/PrefLab). Exit 0 passed, 1 failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$(cd "${1:-$here/target/PrefLab}" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-image: FAILED: $*" >&2; exit 1; }

# A user with nothing yet: an empty home, PrefLab's folder and DJL's cache in it, no GPU settings.
export HOME="$tmp/home" PREFLAB_HOME="$tmp/home/.local/share/preflab"
unset DJL_CACHE_DIR ENGINE_CACHE_DIR PYTORCH_LIBRARY_PATH PYTORCH_VERSION PYTORCH_FLAVOR PREFLAB_DEVICE
mkdir -p "$HOME"

cut=(unshare -rn --)
network="network cut"
if ! unshare -rn true 2>/dev/null; then
  # Some CI machines forbid user namespaces; strace's record of connect() still tells whether anything tried.
  command -v strace >/dev/null || fail "neither unshare -rn (user namespaces disabled) nor strace is available"
  echo "test-image: unshare -rn is not permitted here: network NOT cut, checking connect() with strace only" >&2
  cut=()
  network="network not cut (no user namespaces), connect() traced"
fi
tracer=()
if command -v strace >/dev/null; then
  tracer=(strace -f -qq --seccomp-bpf -e trace=connect -o "$tmp/connect.log")
else
  echo "test-image: no strace: relying on the cut network alone (a connect would fail and show in the run)" >&2
fi
offline() { ${cut[@]+"${cut[@]}"} ${tracer[@]+"${tracer[@]}"} "$image/bin/preflab" "$@"; }

start=$SECONDS
offline doctor > "$tmp/doctor.txt" 2>&1 || true   # exit 1 only means a WARNING line, checked below
doctor_s=$((SECONDS - start))
grep -q '^Engine: PyTorch' "$tmp/doctor.txt" || { cat "$tmp/doctor.txt" >&2; fail "doctor did not start the engine"; }
grep -q '^Device: cpu' "$tmp/doctor.txt" || { cat "$tmp/doctor.txt" >&2; fail "doctor names no device"; }

# An incomplete GPU setup in the environment: a CPU libtorch (links to the image's, without its JNI library) with a
# CUDA flavor. Left in the environment, DJL would load its cu128 JNI library against it and fail to start; the
# launcher hands the settings to PrefLab as properties, and PrefLab falls back to the CPU.
natives="$tmp/cpu-libtorch"
mkdir "$natives"
find "$image/lib/natives/pytorch" -mindepth 2 -maxdepth 2 -name 'lib*' -exec ln -s {} "$natives/" \;
PYTORCH_LIBRARY_PATH="$natives" PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 PREFLAB_DEVICE=gpu offline doctor \
  > "$tmp/doctor-gpu.txt" 2>&1 || true
grep -q "^WARNING: device gpu: running on the CPU, because PYTORCH_LIBRARY_PATH=$natives holds no libtorch_cuda.so" \
  "$tmp/doctor-gpu.txt" || { cat "$tmp/doctor-gpu.txt" >&2; fail "an incomplete GPU setup did not fall back to the CPU"; }

sample="$PREFLAB_HOME/sample-projects/tinystories-dpo"
[ -f "$sample/experiment.json" ] || fail "the bundled samples were not copied to $PREFLAB_HOME/sample-projects"
sed -i 's/"max_steps": 0/"max_steps": 2/; s/"eval_every": [0-9]*/"eval_every": 0/' "$sample/experiment.json"
grep -q '"max_steps": 2' "$sample/experiment.json" || fail "could not shorten the sample's run"

start=$SECONDS
offline run "$sample" > "$tmp/run.txt" 2>&1 || { cat "$tmp/run.txt" >&2; fail "preflab run exited non-zero"; }
run_s=$((SECONDS - start))
grep -q '^finished: ' "$tmp/run.txt" || { cat "$tmp/run.txt" >&2; fail "the run did not finish"; }
run_dir="$(sed -n 's/^finished: //p' "$tmp/run.txt" | tail -1)"
grep -q '"step":2,' "$run_dir/metrics.jsonl" || fail "no step 2 in $run_dir/metrics.jsonl"
[ -d "$run_dir/checkpoints/step-000002" ] || fail "no checkpoint step-000002 in $run_dir"

if [ -f "$tmp/connect.log" ] && grep -E 'connect\(.*AF_INET6?' "$tmp/connect.log" >&2; then
  fail "PrefLab tried the network (connect() calls above)"
fi
cache="$PREFLAB_HOME/djl-cache/pytorch"
link="$(find "$cache" -mindepth 1 -maxdepth 1 -type l | head -1)"
[ -n "$link" ] && [[ "$(readlink "$link")" == "$image/lib/natives/"* ]] \
  || fail "libtorch in $cache is not linked from the image: $(ls -l "$cache")"
unpacked="$(find "$PREFLAB_HOME/djl-cache" -type f -name 'libtorch*' | head -3)"
[ -z "$unpacked" ] || fail "libtorch was unpacked into the user's cache: $unpacked"

echo "test-image: passed ($network; doctor ${doctor_s}s, a 2-step run of tinystories-dpo ${run_s}s;" \
  "connect() to a network address: none; libtorch linked from the image, nothing unpacked; an incomplete GPU" \
  "setup fell back to the CPU)"
