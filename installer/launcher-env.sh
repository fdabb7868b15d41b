# Sourced by every PrefLab launcher before it starts Java (the checkout's ./preflab, the command installer/install.sh
# writes, and the application image's bin/preflab): what libtorch and MKL read from the environment when they load,
# which only a launcher can set, and the Java flags. Leaves the flags in the array PREFLAB_JAVA_FLAGS.

# Large fresh buffers (the LM head's logits) page-fault on every call unless glibc may use huge pages; ld.so reads
# this only at exec (shared/djl.md §6).
if grep -qE '\[(madvise|always)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  export GLIBC_TUNABLES="glibc.malloc.hugetlb=1${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
fi
# glibc malloc, read only at exec. By default every Java thread gets its own arena, made of 64 MB heaps that glibc
# unmaps as soon as they empty: each step's activations then page-fault in afresh (900,000 faults in six llama-135m
# steps). One arena (the main, sbrk heap, as a Python process uses), no trimming and no mmap below 32 MB keep freed
# buffers for the next step: llama-135m DPO step 3.35 -> 1.90 s, gpt2-small 2.00 -> 1.25 s, faults 900,000 ->
# 76,000 (issue 16; docs/bench/speed-and-memory.md). PREFLAB_MEMORY=compact instead hands freed buffers back to the system at
# once: about 3x less RSS (410 MB instead of 1.3 GB on the benchmark), at about 40% of the training speed.
# A GLIBC_TUNABLES of the caller's own comes after these, so its settings win.
if [ "${PREFLAB_MEMORY:-}" = "compact" ]; then
  preflab_malloc="glibc.malloc.mmap_threshold=1048576"
else
  preflab_malloc="glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432"
fi
export GLIBC_TUNABLES="$preflab_malloc${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
unset preflab_malloc
# Bitwise-reproducible MKL (results otherwise depend on buffer alignment): a resumed run then matches an
# uninterrupted one exactly. Measured at no cost on the benchmark's training; 3-4% of llama-135m sampling on Intel,
# where it keeps MKL off its no-copy kernels for the small products of a sampled token (docs/bench/speed-and-memory.md).
export MKL_CBWR="${MKL_CBWR:-AUTO,STRICT}"
export MKL_DYNAMIC="${MKL_DYNAMIC:-FALSE}"  # a busy machine must not change MKL's thread count mid-run
# libtorch's OpenMP threads otherwise spin for up to 300,000 rounds at every barrier; with any other busy process on
# the machine (the workbench drawing, a second run, a build) spinning threads take the cores from the ones with work:
# an 8-step DPO run of tinystories-dpo beside three busy processes on 2 cores took 31-171 s spinning (60-304
# tokens/s) and 16-19 s passive (6,700-7,200 tokens/s), with the same losses (docs/bench/speed-and-memory.md).
# PREFLAB_CPU picks what the waiting threads do. adaptive, the default: they spin 10,000 rounds before they sleep,
# which wakes them faster between the thousands of parallel regions of a step, and the engine runs one thread fewer
# while other work takes a core (ThreadGovernor; the thread count changes no result). llama-135m on a 2-core Intel
# Xeon, DPO tokens/s: idle 295 (shared 255-264); beside one busy loop 156-157 (shared 147); sampling idle 110.6
# (86.8), busy 71.1 (68.4). dedicated: the same spin, all threads always (idle 288-289; busy 126-128), for a machine
# given to PrefLab alone. shared: threads sleep at once and all run (the default before adaptive; a few seconds'
# run beside a busy process ends about 0.5 s sooner, the governor having had no time to act). Your own
# OMP_WAIT_POLICY and GOMP_SPINCOUNT win over all three.
case "${PREFLAB_CPU:-adaptive}" in
  shared) ;;
  dedicated|adaptive)
    if [ -z "${OMP_WAIT_POLICY:-}" ]; then # a policy of the caller's own is kept whole (GOMP_SPINCOUNT overrides it)
      export OMP_WAIT_POLICY=ACTIVE
      export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-10000}"
    fi
    ;;
  *)
    echo "preflab: PREFLAB_CPU='$PREFLAB_CPU' is not understood: 'adaptive' (threads spin briefly between parallel regions, and one fewer runs while other work takes a core; the default), 'dedicated' (they spin, all of them always) or 'shared' (they sleep at once)" >&2
    exit 2
    ;;
esac
export PREFLAB_CPU="${PREFLAB_CPU:-adaptive}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

PREFLAB_JAVA_FLAGS=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error)
# Commands that train nothing ($1, the launcher's first argument) run the JVM's quick compiler only: for a command of
# a few seconds the optimizing compiler's work takes a core of two from the model and is done too late to pay back.
# `preflab generate` of 8 x 96 tokens on a 2-core Intel Xeon, whole command, alternated: llama-135m 6.77 and 7.19 s
# -> 6.61 and 6.56; the bench shape 1.62-1.88 -> 1.16-1.18 (one token: 1.15-3.19 -> 0.88-1.24). Training keeps it:
# AdamW's update is Java code (AdamWKernel). A -XX:TieredStopAtLevel of the caller's own wins.
case "${1:-} ${PREFLAB_JAVA_OPTS:-}" in
  *TieredStopAtLevel*) ;;
  generate\ *|check-golden\ *|doctor\ *|loss\ *|plugins\ *|export-trl\ *|watch-trl\ *|label\ *)
    PREFLAB_JAVA_FLAGS+=(-XX:TieredStopAtLevel=1) ;;
esac
# A CUDA libtorch for the GPU (DJL's PYTORCH_LIBRARY_PATH, PYTORCH_VERSION, PYTORCH_FLAVOR) reaches Java as system
# properties: DJL reads the environment first and a process cannot unset it, so only this way can PrefLab fall back
# to the CPU when the setup is incomplete (README, "Training on a GPU").
for preflab_v in PYTORCH_LIBRARY_PATH PYTORCH_VERSION PYTORCH_FLAVOR; do
  if [ -n "${!preflab_v:-}" ]; then
    PREFLAB_JAVA_FLAGS+=("-D$preflab_v=${!preflab_v}")
    unset "$preflab_v"
  fi
done
unset preflab_v
