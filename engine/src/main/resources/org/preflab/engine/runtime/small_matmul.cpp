/*
 * PrefLab small matmul (see org.preflab.engine.runtime.SmallMatmul).
 *
 * Products of a few rows (a sampled token per prompt) by a weight matrix, read once from memory in the layout it is
 * stored in. MKL in its reproducible mode (MKL_CBWR=AUTO,STRICT, which PrefLab's launchers set) copies ("packs")
 * the weight for every such call before it multiplies: in a profile of sampling, 2-3x the time of the products
 * themselves. These loops read each weight element once, keep the few input rows in the cache, and add in one fixed
 * order, so a result does not depend on the thread count or the machine's load, only on the instruction set.
 *
 * Two forms, both row-major and contiguous:
 *   nt: y (m, n) = x (m, k) w^T, w (n, k)   (nn.Linear's weight, the LM head)
 *   nn: y (m, n) = x (m, k) w,   w (k, n)   (GPT-2's Conv1D weight)
 * Kernels for AVX-512 and AVX2+FMA; preflab_small_matmul_init() says which this CPU runs (neither: the caller keeps
 * libtorch's matmul).
 */
#include <dlfcn.h>
#include <immintrin.h>
#include <link.h>

#include <cstddef>
#include <cstring>
#include <vector>

namespace {

// How far ahead each weight stream is fetched into the cache (a hint: no result changes; past the end it is dropped).
// The hardware's own prefetching left the kernels at a third of the memory's speed with 8 rows: 60 layers' weights of
// llama-135m's shapes (nt) or 48 of gpt2-small's (nn) on a 2-core Zen 5 EPYC, GB/s of weight read, 1 / 2 threads:
// nt 11.1 / 19.2 without, 15.1 / 25.9 with 2,048 floats ahead (1,024: 13.7 / 24.6, 4,096: 15.3 / 25.1); nn 11.2 /
// 19.7 without, 20.0 / 32.3 with 32 rows ahead (16: 18.4 / 29.9, 64: 19.4 / 30.5). A plain sum reads 29-36 / 63-72.
constexpr int NT_AHEAD = 2048;  // floats further along the same weight row (and on into the next rows)
constexpr int NN_AHEAD = 32;    // weight rows further down, the same columns

// The kernels, written once over the vector type V of WIDTH floats and its operations (load, loadn/storen: the
// first `count` lanes, fma, set1, zero, hsum), and stamped out below for each instruction set.
#define PREFLAB_SMALL_MATMUL_KERNELS                                                                            \
    /* y[i][j..j+R) for the M rows of x, R weight rows at a time: dot products along k. */                     \
    template <int M, int R>                                                                                     \
    void nt_block(const float* x, const float* w, float* y, int ldy, int k, int j) {                             \
        const int kv = k / WIDTH * WIDTH;                                                                       \
        V acc[R][M];                                                                                            \
        _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) {                                                   \
            _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) acc[r][i] = zero();                             \
        }                                                                                                       \
        for (int p = 0; p < kv; p += WIDTH) {                                                                   \
            V wv[R];                                                                                            \
            _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) {                                               \
                wv[r] = load(w + (size_t)(j + r) * k + p);                                                      \
                _mm_prefetch((const char*)(w + (size_t)(j + r) * k + p + NT_AHEAD), _MM_HINT_T0);               \
            }                                                                                                   \
            _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) {                                               \
                V xv = load(x + (size_t)i * k + p);                                                             \
                _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) acc[r][i] = fma(wv[r], xv, acc[r][i]);      \
            }                                                                                                   \
        }                                                                                                       \
        if (kv < k) {                                                                                           \
            V wv[R];                                                                                            \
            _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) wv[r] = loadn(w + (size_t)(j + r) * k + kv, k - kv); \
            _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) {                                               \
                V xv = loadn(x + (size_t)i * k + kv, k - kv);                                                   \
                _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) acc[r][i] = fma(wv[r], xv, acc[r][i]);      \
            }                                                                                                   \
        }                                                                                                       \
        _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) {                                                   \
            _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) y[(size_t)i * ldy + j + r] = hsum(acc[r][i]);     \
        }                                                                                                       \
    }                                                                                                           \
                                                                                                                \
    template <int M>                                                                                            \
    void nt_rows(const float* x, const float* w, float* y, int ldy, int k, int j0, int j1) {                    \
        int j = j0;                                                                                             \
        for (; j + NT_R <= j1; j += NT_R) nt_block<M, NT_R>(x, w, y, ldy, k, j);                                \
        for (; j < j1; j++) nt_block<M, 1>(x, w, y, ldy, k, j);                                                 \
    }                                                                                                           \
                                                                                                                \
    /* y[i][j..j+cols) for the M rows of x: rows of w scaled by x[i][p] and added, p = 0..k-1 in order. */      \
    template <int M, int R>                                                                                     \
    void nn_block(const float* x, const float* w, float* y, int n, int k, int j, int cols) {                   \
        V acc[M][R];                                                                                            \
        _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) {                                                   \
            _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) acc[i][r] = zero();                             \
        }                                                                                                       \
        for (int p = 0; p < k; p++) {                                                                           \
            V wv[R];                                                                                            \
            const float* row = w + (size_t)p * n + j;                                                           \
            _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) {                                               \
                _mm_prefetch((const char*)(row + (size_t)NN_AHEAD * n + r * WIDTH), _MM_HINT_T0);               \
            }                                                                                                   \
            _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) {                                               \
                wv[r] = cols == R * WIDTH ? load(row + r * WIDTH) : loadn(row + r * WIDTH, cols - r * WIDTH);   \
            }                                                                                                   \
            _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) {                                               \
                V b = set1(x[(size_t)i * k + p]);                                                               \
                _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) acc[i][r] = fma(b, wv[r], acc[i][r]);       \
            }                                                                                                   \
        }                                                                                                       \
        _Pragma("GCC unroll 8") for (int i = 0; i < M; i++) {                                                   \
            _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) {                                               \
                float* out = y + (size_t)i * n + j + r * WIDTH;                                                 \
                if (cols == R * WIDTH) store(out, acc[i][r]); else storen(out, acc[i][r], cols - r * WIDTH);    \
            }                                                                                                   \
        }                                                                                                       \
    }                                                                                                           \
                                                                                                                \
    template <int M>                                                                                            \
    void nn_rows(const float* x, const float* w, float* y, int n, int k, int j0, int j1) {                      \
        int j = j0;                                                                                             \
        for (; j + NN_R * WIDTH <= j1; j += NN_R * WIDTH) nn_block<M, NN_R>(x, w, y, n, k, j, NN_R * WIDTH);   \
        for (; j < j1; j += WIDTH) nn_block<M, 1>(x, w, y, n, k, j, j1 - j < WIDTH ? j1 - j : WIDTH);          \
    }                                                                                                           \
                                                                                                                \
    /* Columns [j0, j1) of y, up to 8 rows of x at a time, each group with its row count known to the compiler. */ \
    template <bool NT>                                                                                          \
    void columns(const float* x, const float* w, float* y, int m, int n, int k, int j0, int j1) {              \
        for (int i = 0; i < m; i += 8) {                                                                        \
            const float* xi = x + (size_t)i * k;                                                                \
            float* yi = y + (size_t)i * n;                                                                      \
            switch (m - i < 8 ? m - i : 8) {                                                                    \
                case 1: NT ? nt_rows<1>(xi, w, yi, n, k, j0, j1) : nn_rows<1>(xi, w, yi, n, k, j0, j1); break;  \
                case 2: NT ? nt_rows<2>(xi, w, yi, n, k, j0, j1) : nn_rows<2>(xi, w, yi, n, k, j0, j1); break;  \
                case 3: NT ? nt_rows<3>(xi, w, yi, n, k, j0, j1) : nn_rows<3>(xi, w, yi, n, k, j0, j1); break;  \
                case 4: NT ? nt_rows<4>(xi, w, yi, n, k, j0, j1) : nn_rows<4>(xi, w, yi, n, k, j0, j1); break;  \
                case 5: NT ? nt_rows<5>(xi, w, yi, n, k, j0, j1) : nn_rows<5>(xi, w, yi, n, k, j0, j1); break;  \
                case 6: NT ? nt_rows<6>(xi, w, yi, n, k, j0, j1) : nn_rows<6>(xi, w, yi, n, k, j0, j1); break;  \
                case 7: NT ? nt_rows<7>(xi, w, yi, n, k, j0, j1) : nn_rows<7>(xi, w, yi, n, k, j0, j1); break;  \
                default: NT ? nt_rows<8>(xi, w, yi, n, k, j0, j1) : nn_rows<8>(xi, w, yi, n, k, j0, j1); break; \
            }                                                                                                   \
        }                                                                                                       \
    }

// Decoding attention: one query per row and head against the cached keys, in the same vector type. Per query head:
// scores over the S positions, their softmax and the weighted sum of the values, with the scores in `buf` (S floats).
#define PREFLAB_DECODE_ATTENTION_KERNEL                                                                         \
    /* exp(x) for x <= 0 (scores less their maximum): 2^n e^r, r = x - n ln 2 in [-ln2/2, ln2/2], e^r by its      \
       Taylor polynomial to r^7 (relative error below 2e-7); 0 below -87 (masked positions: libtorch's exp gives  \
       0 there too). */                                                                                         \
    inline V vexp(V x) {                                                                                        \
        const V lo = set1(-87.0f);                                                                              \
        V xc = vmax(x, lo);                                                                                     \
        V n = round_near(mul(xc, set1(1.44269504088896341f)));                                                  \
        V r = fnma(n, set1(0.693145751953125f), xc);                                                            \
        r = fnma(n, set1(1.428606765330187045e-06f), r);                                                        \
        V p = set1(1.0f / 5040);                                                                                \
        p = fma(p, r, set1(1.0f / 720));                                                                        \
        p = fma(p, r, set1(1.0f / 120));                                                                        \
        p = fma(p, r, set1(1.0f / 24));                                                                         \
        p = fma(p, r, set1(1.0f / 6));                                                                          \
        p = fma(p, r, set1(0.5f));                                                                              \
        p = fma(p, r, set1(1.0f));                                                                              \
        p = fma(p, r, set1(1.0f));                                                                              \
        return zero_below(times_pow2(p, n), x, lo);                                                             \
    }                                                                                                           \
                                                                                                                \
    void attend_head(const float* q, const float* k, const float* v, const float* bias, float* out, float* buf, \
                     int s_len, int hd, float scale) {                                                           \
        const int dv = hd / WIDTH * WIDTH;                                                                      \
        float top = -3.0e38f;                                                                                   \
        for (int s = 0; s < s_len; s++) {                                                                       \
            const float* ks = k + (size_t)s * hd;                                                               \
            V acc = zero();                                                                                     \
            for (int d = 0; d < dv; d += WIDTH) acc = fma(load(q + d), load(ks + d), acc);                      \
            if (dv < hd) acc = fma(loadn(q + dv, hd - dv), loadn(ks + dv, hd - dv), acc);                       \
            float x = hsum(acc) * scale + bias[s];                                                              \
            buf[s] = x;                                                                                         \
            top = x > top ? x : top;                                                                            \
        }                                                                                                       \
        V total = zero();                                                                                       \
        const int sv = s_len / WIDTH * WIDTH;                                                                   \
        const V shift = set1(top);                                                                              \
        for (int s = 0; s < sv; s += WIDTH) {                                                                   \
            V e = vexp(sub(load(buf + s), shift));                                                              \
            store(buf + s, e);                                                                                  \
            total = add(total, e);                                                                              \
        }                                                                                                       \
        if (sv < s_len) {                                                                                       \
            V e = vexp(sub(loadn(buf + sv, s_len - sv), shift));                                               \
            e = keepn(e, s_len - sv); /* the lanes past the end held exp(0 - top) */                             \
            storen(buf + sv, e, s_len - sv);                                                                    \
            total = add(total, e);                                                                              \
        }                                                                                                       \
        const V inv = set1(1.0f / hsum(total));                                                                 \
        for (int d = 0; d < hd; d += WIDTH) {                                                                   \
            const int n = hd - d < WIDTH ? hd - d : WIDTH;                                                      \
            V acc = zero();                                                                                     \
            for (int s = 0; s < s_len; s++) {                                                                   \
                const float* vs = v + (size_t)s * hd + d;                                                       \
                acc = fma(set1(buf[s]), n == WIDTH ? load(vs) : loadn(vs, n), acc);                             \
            }                                                                                                   \
            acc = mul(acc, inv);                                                                                \
            if (n == WIDTH) store(out + d, acc); else storen(out + d, acc, n);                                  \
        }                                                                                                       \
    }

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
using V = __m512;
constexpr int WIDTH = 16;
constexpr int NT_R = 2; // 2 weight rows x 8 input rows: 16 of the 32 vector registers hold sums
constexpr int NN_R = 2;
inline __mmask16 first(int count) { return (__mmask16)((1u << count) - 1); }
inline V load(const float* p) { return _mm512_loadu_ps(p); }
inline V loadn(const float* p, int count) { return _mm512_maskz_loadu_ps(first(count), p); }
inline void store(float* p, V v) { _mm512_storeu_ps(p, v); }
inline void storen(float* p, V v, int count) { _mm512_mask_storeu_ps(p, first(count), v); }
inline V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
inline V set1(float f) { return _mm512_set1_ps(f); }
inline V zero() { return _mm512_setzero_ps(); }
inline float hsum(V v) { return _mm512_reduce_add_ps(v); }
inline V add(V a, V b) { return _mm512_add_ps(a, b); }
inline V sub(V a, V b) { return _mm512_sub_ps(a, b); }
inline V mul(V a, V b) { return _mm512_mul_ps(a, b); }
inline V vmax(V a, V b) { return _mm512_max_ps(a, b); }
inline V fnma(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
inline V round_near(V v) { return _mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
inline V times_pow2(V p, V n) { return _mm512_scalef_ps(p, n); }
inline V zero_below(V v, V x, V lo) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x, lo, _CMP_GE_OQ), v); }
inline V keepn(V v, int count) { return _mm512_maskz_mov_ps(first(count), v); }
PREFLAB_SMALL_MATMUL_KERNELS
PREFLAB_DECODE_ATTENTION_KERNEL
}  // namespace avx512
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
using V = __m256;
constexpr int WIDTH = 8;
constexpr int NT_R = 1; // 16 vector registers: 8 sums, the weight and the input
constexpr int NN_R = 1;
inline __m256i first(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
inline V load(const float* p) { return _mm256_loadu_ps(p); }
inline V loadn(const float* p, int count) { return _mm256_maskload_ps(p, first(count)); }
inline void store(float* p, V v) { _mm256_storeu_ps(p, v); }
inline void storen(float* p, V v, int count) { _mm256_maskstore_ps(p, first(count), v); }
inline V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
inline V set1(float f) { return _mm256_set1_ps(f); }
inline V zero() { return _mm256_setzero_ps(); }
inline float hsum(V v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
inline V add(V a, V b) { return _mm256_add_ps(a, b); }
inline V sub(V a, V b) { return _mm256_sub_ps(a, b); }
inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
inline V keepn(V v, int count) { return _mm256_and_ps(v, _mm256_castsi256_ps(first(count))); }
inline V vmax(V a, V b) { return _mm256_max_ps(a, b); }
inline V fnma(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
inline V round_near(V v) { return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
// 2^n built in the exponent bits (n >= -126 after vexp's clamp)
inline V times_pow2(V p, V n) {
    return mul(p, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23)));
}
inline V zero_below(V v, V x, V lo) { return _mm256_and_ps(v, _mm256_cmp_ps(x, lo, _CMP_GE_OQ)); }
PREFLAB_SMALL_MATMUL_KERNELS
PREFLAB_DECODE_ATTENTION_KERNEL
}  // namespace avx2
#pragma GCC pop_options

int detect() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        return 2;
    }
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
}

// Set once, by preflab_small_matmul_init, before any kernel runs.
int isa = 0;

// libtorch's own OpenMP runtime, found among the loaded libraries: a product splits its columns over the threads
// libtorch would use from this thread (the count PrefLab set, which ThreadGovernor changes), in the same pool, so no
// second set of threads spins beside libtorch's. Not found: one thread.
using ParallelFn = void (*)(void (*)(void*), void*, unsigned, unsigned);
using CountFn = int (*)();
ParallelFn gomp_parallel = nullptr;
CountFn max_threads = nullptr;
CountFn thread_num = nullptr;
CountFn num_threads = nullptr;

// libtorch's own copy ("libgomp-<hash>.so.1", as PyTorch bundles it) before any other libgomp in the process.
int find_gomp(struct dl_phdr_info* info, size_t, void* found) {
    const char* name = info->dlpi_name;
    const char** best = static_cast<const char**>(found);
    if (name != nullptr && std::strstr(name, "/libgomp") != nullptr
            && (*best == nullptr || std::strstr(name, "/libgomp-") != nullptr)) {
        *best = name;
    }
    return 0;
}

// A product smaller than this many weights runs on the calling thread: waking the others costs more.
constexpr long PARALLEL_MIN_WEIGHTS = 1L << 17;

struct Job {
    const float* x;
    const float* w;
    float* y;
    int m, n, k;
    bool nt;
};

// Columns [j0, j1) of the product; which thread computes a column changes nothing in it.
void part(const Job& job, int j0, int j1) {
    if (isa == 2) {
        job.nt ? avx512::columns<true>(job.x, job.w, job.y, job.m, job.n, job.k, j0, j1)
               : avx512::columns<false>(job.x, job.w, job.y, job.m, job.n, job.k, j0, j1);
    } else if (isa == 1) {
        job.nt ? avx2::columns<true>(job.x, job.w, job.y, job.m, job.n, job.k, j0, j1)
               : avx2::columns<false>(job.x, job.w, job.y, job.m, job.n, job.k, j0, j1);
    }
}

void thread_part(void* data) {
    const Job& job = *static_cast<const Job*>(data);
    int t = thread_num();
    int parts = num_threads();
    int units = (job.n + 31) / 32; // whole 32-column units: every thread's vectors start on a column multiple of 32
    int j0 = (int)((long)units * t / parts) * 32;
    int j1 = (int)((long)units * (t + 1) / parts) * 32;
    part(job, j0 < job.n ? j0 : job.n, j1 < job.n ? j1 : job.n);
}

void product(const float* x, const float* w, float* y, int m, int n, int k, bool nt) {
    Job job{x, w, y, m, n, k, nt};
    int threads = gomp_parallel != nullptr && (long)n * k >= PARALLEL_MIN_WEIGHTS ? max_threads() : 1;
    if (threads > 1) {
        gomp_parallel(thread_part, &job, (unsigned)threads, 0);
    } else {
        part(job, 0, n);
    }
}

// A decoding step's attention, every row's query heads against its cached keys and values.
struct AttentionJob {
    const float* q;     // (B, H, hd) with rows q_stride floats apart
    long q_stride;
    const float* k;     // (B, kvH, capacity, hd): the cache's buffers, the first s_len positions filled
    const float* v;
    const float* bias;  // (B, s_len) with rows bias_stride floats apart (0: one row for all)
    long bias_stride;
    float* out;         // (B, H, hd)
    int b, h, kv_h, s_len, hd, capacity;
    float scale;
};

// Query heads [u0, u1) of B x H, on the calling thread. A head's result does not depend on which thread runs it.
void attention_part(const AttentionJob& job, int u0, int u1) {
    thread_local std::vector<float> buf;
    if ((int)buf.size() < job.s_len) buf.resize(job.s_len);
    const int group = job.h / job.kv_h;
    for (int u = u0; u < u1; u++) {
        const int row = u / job.h;
        const int head = u % job.h;
        const size_t kv = ((size_t)row * job.kv_h + head / group) * job.capacity * job.hd;
        const float* q = job.q + row * job.q_stride + (size_t)head * job.hd;
        const float* bias = job.bias + row * job.bias_stride;
        float* out = job.out + (size_t)u * job.hd;
        if (isa == 2) {
            avx512::attend_head(q, job.k + kv, job.v + kv, bias, out, buf.data(), job.s_len, job.hd, job.scale);
        } else {
            avx2::attend_head(q, job.k + kv, job.v + kv, bias, out, buf.data(), job.s_len, job.hd, job.scale);
        }
    }
}

void attention_thread(void* data) {
    const AttentionJob& job = *static_cast<const AttentionJob*>(data);
    int t = thread_num();
    int parts = num_threads();
    int units = job.b * job.h;
    attention_part(job, (int)((long)units * t / parts), (int)((long)units * (t + 1) / parts));
}

void attend(const AttentionJob& job) {
    long work = (long)job.b * job.h * job.s_len * job.hd;
    int units = job.b * job.h;
    int threads = gomp_parallel != nullptr && work >= PARALLEL_MIN_WEIGHTS && units > 1 ? max_threads() : 1;
    if (threads > 1) {
        gomp_parallel(attention_thread, const_cast<AttentionJob*>(&job), (unsigned)threads, 0);
    } else {
        attention_part(job, 0, units);
    }
}

}  // namespace

extern "C" {

/*
 * Looks for libtorch's OpenMP runtime among the loaded libraries (call after libtorch is loaded) and picks the
 * kernels: the best this CPU runs, at most `most` (1 keeps AVX2 on an AVX-512 CPU, to compare the two or run what an
 * AVX2 machine runs). Returns that instruction set, 2 AVX-512, 1 AVX2+FMA, 0 none (the caller must not call the
 * products); plus 4 when products may use libtorch's OpenMP threads.
 */
int preflab_small_matmul_init(int most) {
    const int best = detect();
    isa = best < most ? best : most;
    const char* found = nullptr;
    dl_iterate_phdr(find_gomp, &found);
    void* gomp = found != nullptr ? dlopen(found, RTLD_LAZY | RTLD_NOLOAD) : nullptr;
    if (gomp != nullptr) {
        auto parallel = reinterpret_cast<ParallelFn>(dlsym(gomp, "GOMP_parallel"));
        max_threads = reinterpret_cast<CountFn>(dlsym(gomp, "omp_get_max_threads"));
        thread_num = reinterpret_cast<CountFn>(dlsym(gomp, "omp_get_thread_num"));
        num_threads = reinterpret_cast<CountFn>(dlsym(gomp, "omp_get_num_threads"));
        gomp_parallel = max_threads && thread_num && num_threads ? parallel : nullptr;
    }
    return isa | (gomp_parallel != nullptr ? 4 : 0);
}

/* y (m, n) = x (m, k) w^T with w (n, k); all row-major and contiguous. */
void preflab_matmul_nt(const float* x, const float* w, float* y, int m, int n, int k) {
    product(x, w, y, m, n, k, true);
}

/* y (m, n) = x (m, k) w with w (k, n); all row-major and contiguous. */
void preflab_matmul_nn(const float* x, const float* w, float* y, int m, int n, int k) {
    product(x, w, y, m, n, k, false);
}

/*
 * out (B, H, hd) = softmax(scale q k^T + bias) v for one new token per row: q (B, H, hd) with rows q_stride floats
 * apart; k and v the cache's (B, kv_h, capacity, hd) buffers, of which positions [0, s_len) count; bias (B, s_len)
 * with rows bias_stride apart (0 for one row shared); query head j reads kv head j / (h / kv_h).
 */
void preflab_decode_attention(const float* q, long q_stride, const float* k, const float* v, const float* bias,
                              long bias_stride, float* out, int b, int h, int kv_h, int s_len, int hd, int capacity,
                              float scale) {
    attend(AttentionJob{q, q_stride, k, v, bias, bias_stride, out, b, h, kv_h, s_len, hd, capacity, scale});
}
}
