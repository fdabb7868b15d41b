/*
 * PrefLab MKL vendor override (see org.preflab.engine.runtime.MklOverride).
 *
 * libtorch links oneMKL statically and calls this exported MKL service function through its PLT to ask whether the
 * CPU is an Intel one; on AMD the answer sends fp32 GEMM and the vector maths down a generic path at about half speed.
 * Loaded with RTLD_GLOBAL before libtorch, this definition is found first, so MKL picks its code path from the CPU's
 * instruction set alone. Results stay ordinary fp32. It has no effect on Intel CPUs.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
