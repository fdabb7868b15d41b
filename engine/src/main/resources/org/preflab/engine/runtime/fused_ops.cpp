/*
 * PrefLab fused ops (see org.preflab.engine.runtime.FusedOps).
 *
 * libtorch has kernels that DJL 0.35's JNI does not expose: silu, the tanh GELU, scaled-dot-product attention,
 * logsumexp and RMSNorm. Written with DJL's own ops instead, they keep extra tensors for backward (sigmoid(gate)
 * beside gate in SwiGLU; two intermediates of GELU's polynomial; a whole log-softmax over the vocabulary where only
 * the log-probs of the labels are wanted) and take several native calls each. This library calls libtorch's operator
 * entry points (at::_ops::NAME::call, the functions at::silu and friends inline to) by symbol, found with dlsym in
 * the libtorch DJL already loaded, so it needs no libtorch headers and links against nothing but libdl.
 *
 * Handles are DJL's: a pointer to a heap-allocated torch::Tensor, which is one intrusive pointer to a TensorImpl.
 * A result is handed back the way DJL's JNI does it (new torch::Tensor(result)), so DJL frees it as its own.
 * A C++ exception (a shape error, out of memory) must not cross into the JVM: each entry catches it, returns 0 and
 * keeps the message for preflab_fused_error().
 */
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string_view>

namespace {

// at::Tensor's layout: one c10::intrusive_ptr<TensorImpl>. Never destroyed here: a result's reference moves to the
// handle, and arguments are borrowed.
struct TensorSlot {
    void* impl;
};

// std::optional<at::Tensor>: the tensor, then the engaged flag.
struct OptionalTensor {
    void* impl;
    bool engaged;
};

// c10::IntArrayRef and c10::SymIntArrayRef: a pointer and a length, passed by value. A c10::SymInt holding a plain
// integer is that integer.
struct IntList {
    const int64_t* data;
    size_t length;
};

// A function returning at::Tensor (not trivially copyable) takes the address of its result as a hidden first
// argument; these types spell that out.
using UnaryFn = void (*)(TensorSlot*, const TensorSlot*);
using GeluFn = void (*)(TensorSlot*, const TensorSlot*, std::string_view);
using SdpaFn = void (*)(TensorSlot*, const TensorSlot*, const TensorSlot*, const TensorSlot*, const OptionalTensor*,
                        double, bool, std::optional<double>, bool);
using LogsumexpFn = void (*)(TensorSlot*, const TensorSlot*, IntList, bool);
using RmsNormFn = void (*)(TensorSlot*, const TensorSlot*, IntList, const OptionalTensor*, std::optional<double>);

UnaryFn silu_fn = nullptr;
GeluFn gelu_fn = nullptr;
SdpaFn sdpa_fn = nullptr;
LogsumexpFn logsumexp_fn = nullptr;
RmsNormFn rms_norm_fn = nullptr;

thread_local char last_error[1024];

int64_t to_handle(const TensorSlot& result) {
    return reinterpret_cast<int64_t>(new TensorSlot{result.impl});
}

void remember(const char* what) {
    std::snprintf(last_error, sizeof last_error, "%s", what);
}

const TensorSlot* tensor(int64_t handle) {
    return reinterpret_cast<const TensorSlot*>(handle);
}

// Runs one libtorch call that writes its result into a slot; the result as a DJL handle, or 0 with the message kept.
template <typename Call>
int64_t guarded(const char* op, Call call) {
    try {
        TensorSlot out;
        call(&out);
        return to_handle(out);
    } catch (const std::exception& e) {
        remember(e.what());
    } catch (...) {
        std::snprintf(last_error, sizeof last_error, "unknown C++ exception in %s", op);
    }
    return 0;
}

}  // namespace

extern "C" {

/* Finds the entry points in the loaded libtorch_cpu at `path`; returns a bit per op found (1 silu, 2 gelu, 4 sdpa,
 * 8 logsumexp, 16 rms_norm: FusedOps.KERNELS in order), or -1 when that library is not loaded in this process. */
int preflab_fused_init(const char* path) {
    void* lib = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
    if (lib == nullptr) {
        return -1;
    }
    silu_fn = reinterpret_cast<UnaryFn>(dlsym(lib, "_ZN2at4_ops4silu4callERKNS_6TensorE"));
    gelu_fn = reinterpret_cast<GeluFn>(
            dlsym(lib, "_ZN2at4_ops4gelu4callERKNS_6TensorESt17basic_string_viewIcSt11char_traitsIcEE"));
    sdpa_fn = reinterpret_cast<SdpaFn>(dlsym(lib,
            "_ZN2at4_ops28scaled_dot_product_attention4callERKNS_6TensorES4_S4_RKSt8optionalIS2_EdbS5_IdEb"));
    logsumexp_fn = reinterpret_cast<LogsumexpFn>(
            dlsym(lib, "_ZN2at4_ops9logsumexp4callERKNS_6TensorEN3c108ArrayRefIlEEb"));
    rms_norm_fn = reinterpret_cast<RmsNormFn>(dlsym(lib,
            "_ZN2at4_ops8rms_norm4callERKNS_6TensorEN3c108ArrayRefINS5_6SymIntEEERKSt8optionalIS2_ES9_IdE"));
    return (silu_fn ? 1 : 0) | (gelu_fn ? 2 : 0) | (sdpa_fn ? 4 : 0) | (logsumexp_fn ? 8 : 0)
            | (rms_norm_fn ? 16 : 0);
}

const char* preflab_fused_error(void) {
    return last_error;
}

/* silu(x) = x * sigmoid(x); autograd keeps x only. */
int64_t preflab_silu(int64_t x) {
    return guarded("silu", [&](TensorSlot* out) { silu_fn(out, tensor(x)); });
}

/* gelu(x, approximate="tanh"): GPT-2's gelu_new; autograd keeps x only. */
int64_t preflab_gelu_tanh(int64_t x) {
    return guarded("gelu", [&](TensorSlot* out) { gelu_fn(out, tensor(x), std::string_view("tanh")); });
}

/* softmax(q k^T * scale + mask) v over (B, H, T, hd) inputs; mask is a handle or 0 for none. Causality comes with
 * the mask (PrefLab's are additive: causal, padding, and grouped-query rows), so is_causal is always false. */
int64_t preflab_sdpa(int64_t q, int64_t k, int64_t v, int64_t mask, double scale) {
    OptionalTensor m{mask != 0 ? tensor(mask)->impl : nullptr, mask != 0};
    return guarded("scaled_dot_product_attention", [&](TensorSlot* out) {
        sdpa_fn(out, tensor(q), tensor(k), tensor(v), &m, 0.0, false, std::optional<double>(scale), false);
    });
}

/* log(sum(exp(x))) over one dimension, without keeping it; autograd keeps x and the result. */
int64_t preflab_logsumexp(int64_t x, int64_t dim) {
    int64_t dims[1] = {dim};
    return guarded("logsumexp", [&](TensorSlot* out) { logsumexp_fn(out, tensor(x), IntList{dims, 1}, false); });
}

/* x / sqrt(mean(x^2 over the last dimension, of size `size`) + eps) * weight. */
int64_t preflab_rms_norm(int64_t x, int64_t size, int64_t weight, double eps) {
    int64_t shape[1] = {size};
    OptionalTensor w{tensor(weight)->impl, true};
    return guarded("rms_norm", [&](TensorSlot* out) {
        rms_norm_fn(out, tensor(x), IntList{shape, 1}, &w, std::optional<double>(eps));
    });
}

}  // extern "C"
