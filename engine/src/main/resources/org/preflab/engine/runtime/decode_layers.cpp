/*
 * PrefLab decoding layers (see org.preflab.engine.runtime.SmallMatmul#decodeLayers and
 * org.preflab.engine.model.DecodeLayers). Compiled after small_matmul.cpp as one translation unit: it uses that
 * file's products, decoding attention and vector exp.
 *
 * A sampled token's pass through every block of a GPT-2 or Llama-family (Llama, Qwen2) model in one call, for the
 * few rows the small products serve. Written with DJL's ops a block is 15-20 native calls, each with its Java objects,
 * a libtorch dispatch and, for the products, three buffer lookups: sampling the bench shape, three quarters of the
 * engine thread went there and a quarter to the products. The functions are TransformerLM's blocks, with the
 * additions in the same order (product, then its bias, then the residual).
 */
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

constexpr double GELU_LINEAR = 1.5957691216057308;  // 2 sqrt(2 / pi): 2u = GELU_LINEAR x + GELU_CUBE x^3
constexpr double GELU_CUBE = 0.044715 * GELU_LINEAR;

// x / (1 + exp(-z)) over n floats, in place: silu (z = x) or the tanh GELU (z = 2u, 0.5 (1 + tanh u) =
// sigmoid(2u)). -z is clamped to 88, past which exp overflows a float; x / (1 + e^88) is 0 either way. vexp is
// written for the attention's x <= 0 but holds up to 88 too: 2^n with n <= 127 is still built in the exponent bits.
#define PREFLAB_DECODE_LAYER_KERNELS                                                                            \
    void sigmoid_gate(float* x, long n, bool gelu) {                                                            \
        const V linear = set1((float)GELU_LINEAR), cube = set1((float)GELU_CUBE);                                \
        const V one = set1(1.0f), top = set1(88.0f);                                                            \
        for (long i = 0; i < n; i += WIDTH) {                                                                   \
            const int c = n - i < WIDTH ? (int)(n - i) : WIDTH;                                                 \
            V v = c == WIDTH ? load(x + i) : loadn(x + i, c);                                                   \
            V z = gelu ? mul(v, fma(cube, mul(v, v), linear)) : v;                                              \
            V y = div(v, add(one, vexp(vmin(sub(zero(), z), top))));                                            \
            if (c == WIDTH) store(x + i, y); else storen(x + i, y, c);                                          \
        }                                                                                                       \
    }

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
inline V vmin(V a, V b) { return _mm512_min_ps(a, b); }
inline V div(V a, V b) { return _mm512_div_ps(a, b); }
PREFLAB_DECODE_LAYER_KERNELS
}  // namespace avx512
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
inline V vmin(V a, V b) { return _mm256_min_ps(a, b); }
inline V div(V a, V b) { return _mm256_div_ps(a, b); }
PREFLAB_DECODE_LAYER_KERNELS
}  // namespace avx2
#pragma GCC pop_options

void sigmoid_gate(float* x, long n, bool gelu) {
    if (isa == 2) {
        avx512::sigmoid_gate(x, n, gelu);
    } else {
        avx2::sigmoid_gate(x, n, gelu);
    }
}

// LayerNorm (with a bias b) or RMSNorm (b null) of each row of x (rows, d) into y; sums in double.
void norm(const float* x, float* y, int rows, int d, const float* w, const float* b, float eps) {
    for (int r = 0; r < rows; r++) {
        const float* xr = x + (size_t)r * d;
        float* yr = y + (size_t)r * d;
        if (b != nullptr) {
            double sum = 0;
            for (int j = 0; j < d; j++) sum += xr[j];
            const float mean = (float)(sum / d);
            double squares = 0;
            for (int j = 0; j < d; j++) squares += (double)(xr[j] - mean) * (xr[j] - mean);
            const float rstd = (float)(1.0 / std::sqrt(squares / d + eps));
            for (int j = 0; j < d; j++) yr[j] = (xr[j] - mean) * rstd * w[j] + b[j];
        } else {
            double squares = 0;
            for (int j = 0; j < d; j++) squares += (double)xr[j] * xr[j];
            const float rstd = (float)(1.0 / std::sqrt(squares / d + eps));
            for (int j = 0; j < d; j++) yr[j] = xr[j] * rstd * w[j];
        }
    }
}

// y (m, n) = x (m, k) by w (nt: w is (n, k); else (k, n)), plus bias (n) where not null.
void linear(const float* x, const float* w, const float* bias, float* y, int m, int n, int k, bool nt) {
    product(x, w, y, m, n, k, nt);
    if (bias != nullptr) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) y[(size_t)r * n + j] += bias[j];
        }
    }
}

void add_into(float* h, const float* y, long count) {
    for (long i = 0; i < count; i++) h[i] += y[i];
}

// Rotate-half RoPE of `count` heads of hd features at x, in place: x cos + rotate_half(x) sin.
void rope(float* x, int count, int hd, const float* cos, const float* sin) {
    const int half = hd / 2;
    for (int u = 0; u < count; u++) {
        float* xh = x + (size_t)u * hd;
        for (int j = 0; j < half; j++) {
            const float x1 = xh[j];
            const float x2 = xh[j + half];
            xh[j] = x1 * cos[j] + -x2 * sin[j];
            xh[j + half] = x2 * cos[j + half] + x1 * sin[j + half];
        }
    }
}

// A layer's weights in DecodeLayers' table, in this order (0 where the model has none).
enum Slot { NORM1_W, NORM1_B, QKV_W, QKV_B, OUT_W, OUT_B, NORM2_W, NORM2_B, UP_W, UP_B, DOWN_W, DOWN_B, SLOTS };

}  // namespace

extern "C" {

/*
 * One new token per row through `layers` blocks: h (b, d) = h_in after them. family 0: GPT-2 (LayerNorm, Conv1D
 * weights (in, out), tanh GELU); 1: Llama (RMSNorm, weights (out, in), q|k|v and gate|up packed, rotate-half RoPE
 * over whole heads, SwiGLU). weights: SLOTS addresses a layer (see Slot); caches: the KV cache's key and value
 * buffers per layer, (b, kv_heads, capacity, hd), this token's keys and values written at position s_len - 1;
 * bias (b, s_len) rows bias_stride apart (0: one row for all); cos and sin (b, hd) rows rope_stride apart, for this
 * token's positions (Llama only). Returns 0, or -1 when this CPU has no kernels.
 */
int preflab_decode_layers(int family, const int64_t* weights, const int64_t* caches, int layers, const float* h_in,
                          float* h, int b, int d, int heads, int kv_heads, int hd, int ffn, float eps,
                          const float* bias, long bias_stride, int s_len, int capacity, const float* cos,
                          const float* sin, long rope_stride, float scale) {
    if (isa == 0) {
        return -1;
    }
    const bool gpt2 = family == 0;
    const int q_n = heads * hd;
    const int kv_n = kv_heads * hd;
    const int qkv_n = q_n + 2 * kv_n;
    const int up_n = gpt2 ? ffn : 2 * ffn;
    thread_local std::vector<float> scratch;
    const size_t need = (size_t)b * (2 * d + qkv_n + q_n + up_n + ffn);
    if (scratch.size() < need) scratch.resize(need);
    float* a = scratch.data();           // a block's normed input (b, d)
    float* qkv = a + (size_t)b * d;      // (b, qkv_n)
    float* att = qkv + (size_t)b * qkv_n;  // (b, q_n)
    float* up = att + (size_t)b * q_n;   // (b, up_n)
    float* act = up + (size_t)b * up_n;  // (b, ffn): SwiGLU's product
    float* out = act + (size_t)b * ffn;  // (b, d): a projection before it joins the residual
    std::memcpy(h, h_in, sizeof(float) * b * d);
    const int pos = s_len - 1;
    for (int layer = 0; layer < layers; layer++) {
        auto w = [&](Slot s) { return reinterpret_cast<const float*>(weights[(size_t)layer * SLOTS + s]); };
        float* keys = reinterpret_cast<float*>(caches[2 * layer]);
        float* values = reinterpret_cast<float*>(caches[2 * layer + 1]);
        norm(h, a, b, d, w(NORM1_W), w(NORM1_B), eps);
        linear(a, w(QKV_W), w(QKV_B), qkv, b, qkv_n, d, !gpt2);
        for (int r = 0; r < b; r++) {
            float* row = qkv + (size_t)r * qkv_n;
            if (!gpt2) {  // the query heads and the key heads after them
                rope(row, heads + kv_heads, hd, cos + r * rope_stride, sin + r * rope_stride);
            }
            for (int j = 0; j < kv_heads; j++) {
                const size_t at = (((size_t)r * kv_heads + j) * capacity + pos) * hd;
                std::memcpy(keys + at, row + q_n + (size_t)j * hd, sizeof(float) * hd);
                std::memcpy(values + at, row + q_n + kv_n + (size_t)j * hd, sizeof(float) * hd);
            }
        }
        attend(AttentionJob{qkv, qkv_n, keys, values, bias, bias_stride, att, b, heads, kv_heads, s_len, hd,
                            capacity, scale});
        linear(att, w(OUT_W), w(OUT_B), out, b, d, q_n, !gpt2);
        add_into(h, out, (long)b * d);
        norm(h, a, b, d, w(NORM2_W), w(NORM2_B), eps);
        linear(a, w(UP_W), w(UP_B), up, b, up_n, d, !gpt2);
        if (gpt2) {
            sigmoid_gate(up, (long)b * ffn, true);
        } else {  // silu(gate) up, from gate | up
            for (int r = 0; r < b; r++) std::memcpy(act + (size_t)r * ffn, up + (size_t)r * up_n, sizeof(float) * ffn);
            sigmoid_gate(act, (long)b * ffn, false);
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < ffn; j++) act[(size_t)r * ffn + j] *= up[(size_t)r * up_n + ffn + j];
            }
        }
        linear(gpt2 ? up : act, w(DOWN_W), w(DOWN_B), out, b, d, ffn, !gpt2);
        add_into(h, out, (long)b * d);
    }
    return 0;
}
}
