/*
 * Kosmo bf16 GEMM kernels: C = alpha * op(A) * op(B) [+ bias row] [+ beta * C], row-major, fp32 in and out, with the
 * operands rounded to bfloat16 (round to nearest even, denormals to signed zero, NaN kept quiet: the VCVTNE2PS2BF16
 * rules) and multiplied with VDPBF16PS (_mm512_dpbf16_ps): pairs of bf16 products accumulated in fp32.
 *
 * Every element of C is the same chain whatever the shape, tiling or thread split: acc = 0; for each pair q of k
 * (k padded to even with a zero): acc += a[2q+1]*b[2q+1]; acc += a[2q]*b[2q] (each product exact in fp32, each add
 * rounded to nearest even); then v = alpha*acc (skipped for alpha = 1), v = v + bias[j], v = v + beta*C[i][j] (C not
 * read when beta = 0). kosmo_bf16_gemm_ref is that chain written as plain scalar C (the twin the tests compare with).
 *
 * Build: gcc -O3 -mavx512f -mavx512bw -mavx512vl -mavx512bf16 -ffp-contract=off -fPIC -shared (the project's build
 * does this when gcc exists). Callers must check kosmo_bf16_cpu_ok() (or CPUID) before calling the fast kernel.
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MR 8   /* rows of the micro-kernel */
#define NR 32  /* columns of the micro-kernel (two zmm of 16 fp32 accumulators) */
#define MC 64  /* rows per block: A's block stays in L1/L2 over the column panels */
#define KQ 128 /* k pairs per block: a B panel block of 128 x 32 dwords = 16 KB stays in L1 over the row tiles */

int kosmo_bf16_version(void) { return 1; }

/* Whether this CPU runs the kernel (AVX512F, AVX512BW, AVX512_BF16), read with CPUID. */
int kosmo_bf16_cpu_ok(void)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512bw"))
        return 0;
    unsigned int eax, ebx, ecx, edx;
    __asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(7), "c"(1));
    return (eax >> 5) & 1; /* CPUID.(EAX=7, ECX=1):EAX[5] = AVX512_BF16 */
}

/* fp32 -> bf16 as VCVTNE2PS2BF16 does it. */
static inline uint16_t f2bf(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7f800000u) == 0)
        return (uint16_t)((u >> 16) & 0x8000u); /* zero or denormal: signed zero */
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)((u >> 16) | 0x40u); /* NaN: quiet */
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

static inline float bf2f(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* Per-thread scratch for the converted operands (grown, never shrunk; freed with the thread's life). */
static __thread uint32_t *g_abuf, *g_bbuf;
static __thread size_t g_acap, g_bcap;

static uint32_t *grow(uint32_t **buf, size_t *cap, size_t dwords)
{
    if (*cap < dwords) {
        free(*buf);
        size_t bytes = ((dwords * 4 + 63) / 64) * 64;
        *buf = (uint32_t *)aligned_alloc(64, bytes);
        *cap = *buf ? dwords : 0;
    }
    return *buf;
}

/*
 * Pairs of two fp32 rows r0, r1 (n values each; r1 null means zeros) into n dwords (lo half = r0[j], hi = r1[j]), dword j
 * stored at out[(j / width) * pstride + j % width] (width 8, or a multiple of 16: the panels of the packed operands).
 */
static void pair_rows(const float *r0, const float *r1, int n, uint32_t *out, int width, long pstride)
{
    const __m512i idx = _mm512_set_epi16(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8,
                                         23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
    for (int j = 0; j < n; j += 16) {
        int len = n - j < 16 ? n - j : 16;
        __mmask16 mk = (__mmask16)(len == 16 ? 0xffffu : (1u << len) - 1u);
        __m512 x0 = _mm512_maskz_loadu_ps(mk, r0 + j);
        __m512 x1 = r1 ? _mm512_maskz_loadu_ps(mk, r1 + j) : _mm512_setzero_ps();
        __m512i v = _mm512_permutexvar_epi16(idx, (__m512i)_mm512_cvtne2ps_pbh(x1, x0)); /* x0 low, x1 high, interleaved */
        if (width >= 16) {
            _mm512_mask_storeu_epi32(out + (j / width) * pstride + j % width, mk, v);
        } else {
            _mm256_mask_storeu_epi32(out + (j / 8) * pstride, (__mmask8)(mk & 0xff), _mm512_castsi512_si256(v));
            if (len > 8)
                _mm256_mask_storeu_epi32(out + (j / 8 + 1) * pstride, (__mmask8)(mk >> 8), _mm512_extracti64x4_epi64(v, 1));
        }
    }
}

/* One fp32 row of k values into ceil(k/2) dwords of bf16 pairs (a zero after an odd last value). */
static void row_pairs(const float *r, int k, uint32_t *out)
{
    int p = 0;
    for (; p + 32 <= k; p += 32) {
        __m512i h = (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(r + p + 16), _mm512_loadu_ps(r + p));
        _mm512_storeu_si512(out + p / 2, h);
    }
    if (p < k) {
        int rest = k - p;
        __mmask16 m0 = (__mmask16)(rest >= 16 ? 0xffffu : (1u << rest) - 1u);
        __mmask16 m1 = (__mmask16)(rest <= 16 ? 0u : (1u << (rest - 16)) - 1u);
        __m512i h = (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(m1, r + p + 16), _mm512_maskz_loadu_ps(m0, r + p));
        int dw = (rest + 1) / 2;
        _mm512_mask_storeu_epi32(out + p / 2, (__mmask16)((1u << dw) - 1u), h);
    }
}

/*
 * op(A) (m x k) into A': without transA row-major pairs (pair q of row i at A'[i * kq + q]); with transA panels of MR
 * rows (pair q of row i at A'[(i / MR) * kq * MR + q * MR + i % MR]). Rows padded with zeros to a multiple of MR.
 * op(B) (k x n) into B' in panels of NR columns: pair q of column j at B'[(j / NR) * kq * NR + q * NR + j % NR], columns
 * padded with zeros to a multiple of NR. Panels keep the micro-kernel's loads sequential (no 4 KB strides).
 */
static void convert_a(int transA, int i0, int m, int k, const float *a, long lda, uint32_t *out, int mpad, int kq)
{
    if (!transA) { /* rows of A are rows of op(A): each row becomes its pairs */
        for (int i = 0; i < m; i++)
            row_pairs(a + (long)(i0 + i) * lda, k, out + (long)i * kq);
        memset(out + (long)m * kq, 0, (size_t)(mpad - m) * kq * 4);
    } else { /* stored A is k x m: rows 2q, 2q+1 pair up into m dwords */
        for (int q = 0; q < kq; q++) {
            const float *r0 = a + (long)(2 * q) * lda + i0;
            uint32_t *o = out + (long)q * MR;
            pair_rows(r0, 2 * q + 1 < k ? r0 + lda : NULL, m, o, MR, (long)kq * MR);
            for (int i = m; i < mpad; i++)
                o[(long)(i / MR) * kq * MR + i % MR] = 0;
        }
    }
}

static void convert_b(int transB, int k, int n, const float *b, long ldb, long bpanel, uint32_t *out, int npad, int kq)
{
    long ps = (long)kq * NR;
    if (bpanel > 0) { /* panels of NR columns, each k rows of NR contiguous values, bpanel floats apart */
        for (int j = 0; j < n; j += NR)
            for (int q = 0; q < kq; q++) {
                const float *r0 = b + (j / NR) * bpanel + (long)(2 * q) * NR;
                pair_rows(r0, 2 * q + 1 < k ? r0 + NR : NULL, NR, out + (j / NR) * ps + (long)q * NR, NR, ps);
            }
    } else if (!transB) {
        for (int q = 0; q < kq; q++) {
            const float *r0 = b + (long)(2 * q) * ldb;
            pair_rows(r0, 2 * q + 1 < k ? r0 + ldb : NULL, n, out + (long)q * NR, NR, ps);
        }
    } else { /* stored B is n x k: column j of op(B) is row j; convert it to pairs, then place the dwords */
        uint32_t tmp[512];
        for (int j = 0; j < n; j++) {
            const float *r = b + (long)j * ldb;
            uint32_t *o = out + (j / NR) * ps + j % NR;
            for (int p0 = 0; p0 < k; p0 += 1024) {
                int len = k - p0 < 1024 ? k - p0 : 1024;
                row_pairs(r + p0, len, tmp);
                for (int t = 0; t < (len + 1) / 2; t++)
                    o[(long)(p0 / 2 + t) * NR] = tmp[t];
            }
        }
    }
    for (int j = n; j < npad; j++)
        for (int q = 0; q < kq; q++)
            out[(j / NR) * ps + (long)q * NR + j % NR] = 0;
}

/* 8 x 32 tile over pairs [0, nq): acc (16 zmm) from/to acc16 (row r: acc16[2r], acc16[2r+1]). */
static inline __attribute__((always_inline)) void micro(int nq, const uint32_t *a, long ars, long aqs, const uint32_t *b,
                                                        long ldq, __m512 *acc)
{
    __m512 c00 = acc[0], c01 = acc[1], c10 = acc[2], c11 = acc[3], c20 = acc[4], c21 = acc[5], c30 = acc[6], c31 = acc[7];
    __m512 c40 = acc[8], c41 = acc[9], c50 = acc[10], c51 = acc[11], c60 = acc[12], c61 = acc[13], c70 = acc[14], c71 = acc[15];
#define ROW(r, x0, x1)                                                              \
    {                                                                               \
        __m512bh av = (__m512bh)_mm512_set1_epi32((int)a[(r) * ars + q * aqs]);    \
        x0 = _mm512_dpbf16_ps(x0, av, b0);                                          \
        x1 = _mm512_dpbf16_ps(x1, av, b1);                                          \
    }
    for (int q = 0; q < nq; q++) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(b + q * ldq);
        __m512bh b1 = (__m512bh)_mm512_loadu_si512(b + q * ldq + 16);
        ROW(0, c00, c01) ROW(1, c10, c11) ROW(2, c20, c21) ROW(3, c30, c31)
        ROW(4, c40, c41) ROW(5, c50, c51) ROW(6, c60, c61) ROW(7, c70, c71)
    }
#undef ROW
    acc[0] = c00; acc[1] = c01; acc[2] = c10; acc[3] = c11; acc[4] = c20; acc[5] = c21; acc[6] = c30; acc[7] = c31;
    acc[8] = c40; acc[9] = c41; acc[10] = c50; acc[11] = c51; acc[12] = c60; acc[13] = c61; acc[14] = c70; acc[15] = c71;
}

/* C rows [0, mr) x columns [0, nr) from the accumulators: v = alpha*acc; v += bias; v += beta*C. */
static inline void store(const __m512 *acc, int mr, int nr, float alpha, const float *bias, float beta, float *c, long ldc)
{
    __mmask16 m0 = (__mmask16)(nr >= 16 ? 0xffffu : (1u << nr) - 1u);
    __mmask16 m1 = (__mmask16)(nr <= 16 ? 0u : nr >= 32 ? 0xffffu : (1u << (nr - 16)) - 1u);
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    __m512 bias0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
    __m512 bias1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
    for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        __m512 v0 = acc[2 * r], v1 = acc[2 * r + 1];
        if (alpha != 1.0f) {
            v0 = _mm512_mul_ps(v0, va);
            v1 = _mm512_mul_ps(v1, va);
        }
        if (bias) {
            v0 = _mm512_add_ps(v0, bias0);
            v1 = _mm512_add_ps(v1, bias1);
        }
        if (beta != 0.0f) {
            __m512 o0 = _mm512_maskz_loadu_ps(m0, cr), o1 = _mm512_maskz_loadu_ps(m1, cr + 16);
            if (beta != 1.0f) {
                o0 = _mm512_mul_ps(o0, vb);
                o1 = _mm512_mul_ps(o1, vb);
            }
            v0 = _mm512_add_ps(v0, o0);
            v1 = _mm512_add_ps(v1, o1);
        }
        _mm512_mask_storeu_ps(cr, m0, v0);
        _mm512_mask_storeu_ps(cr + 16, m1, v1);
    }
}

/*
 * C (m x n, row stride ldc) = alpha * op(A) * op(B) [+ bias] [+ beta * C]. op(A) = A (m x k, rows lda apart) or, with
 * transA, A stored k x m; op(B) = B (k x n) or, with transB, B stored n x k; with bpanel > 0, op(B) is stored in panels
 * of 32 columns (k rows of 32 values each), bpanel floats apart (n a multiple of 32). bias: n values or null.
 * Returns 0, or -1 when scratch memory cannot be allocated (C untouched).
 */
int kosmo_bf16_gemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, long lda, const float *b,
                    long ldb, long bpanel, const float *bias, float beta, float *c, long ldc)
{
    if (m <= 0 || n <= 0)
        return 0;
    int kq = (k + 1) / 2;
    int mpad = (m + MR - 1) / MR * MR, npad = (n + NR - 1) / NR * NR;
    if (kq == 0) { /* empty product: the epilogue alone */
        __m512 zero[16] = {0};
        for (int i = 0; i < m; i += MR)
            for (int j = 0; j < n; j += NR)
                store(zero, m - i < MR ? m - i : MR, n - j < NR ? n - j : NR, alpha, bias ? bias + j : NULL, beta,
                      c + (long)i * ldc + j, ldc);
        return 0;
    }
    uint32_t *ab = grow(&g_abuf, &g_acap, (size_t)(mpad < MC ? mpad : MC) * kq);
    uint32_t *bb = grow(&g_bbuf, &g_bcap, (size_t)kq * npad);
    if (!ab || !bb)
        return -1;
    long ars = transA ? 1 : kq, aqs = transA ? MR : 1;
    convert_b(transB, k, n, b, ldb, bpanel, bb, npad, kq);

    __m512 part[MC / MR][16];
    for (int ic = 0; ic < mpad; ic += MC) {
        int mc = mpad - ic < MC ? mpad - ic : MC;
        convert_a(transA, ic, (m - ic < mc ? m - ic : mc), k, a, lda, ab, mc, kq); /* this block's rows, while they are hot */
        for (int j = 0; j < npad; j += NR) {
            for (int q0 = 0; q0 < kq; q0 += KQ) {
                int nq = kq - q0 < KQ ? kq - q0 : KQ;
                int last = q0 + nq == kq;
                for (int i = ic; i < ic + mc; i += MR) {
                    __m512 *acc = part[(i - ic) / MR];
                    if (q0 == 0)
                        for (int t = 0; t < 16; t++)
                            acc[t] = _mm512_setzero_ps();
                    const uint32_t *ap = transA ? ab + (long)((i - ic) / MR) * kq * MR + (long)q0 * MR : ab + (long)(i - ic) * kq + q0;
                    micro(nq, ap, ars, aqs, bb + (j / NR) * (long)kq * NR + (long)q0 * NR, NR, acc);
                    if (last && i < m)
                        store(acc, m - i < MR ? m - i : MR, n - j < NR ? n - j : NR, alpha, bias ? bias + j : NULL, beta,
                              c + (long)i * ldc + j, ldc);
                }
            }
        }
    }
    return 0;
}

/* The plain twin: the same chain element by element in scalar C (no vector code, no fused multiply-add). */
void kosmo_bf16_gemm_ref(int transA, int transB, int m, int n, int k, float alpha, const float *a, long lda,
                         const float *b, long ldb, const float *bias, float beta, float *c, long ldc)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float acc = 0.0f;
            for (int p = 0; p < k; p += 2) {
                float a0 = bf2f(f2bf(transA ? a[(long)p * lda + i] : a[(long)i * lda + p]));
                float b0 = bf2f(f2bf(transB ? b[(long)j * ldb + p] : b[(long)p * ldb + j]));
                float a1 = 0.0f, b1 = 0.0f;
                if (p + 1 < k) {
                    a1 = bf2f(f2bf(transA ? a[(long)(p + 1) * lda + i] : a[(long)i * lda + p + 1]));
                    b1 = bf2f(f2bf(transB ? b[(long)j * ldb + p + 1] : b[(long)(p + 1) * ldb + j]));
                }
                float t1 = a1 * b1, t0 = a0 * b0;
                acc = acc + t1;
                acc = acc + t0;
            }
            float v = alpha != 1.0f ? acc * alpha : acc;
            if (bias)
                v = v + bias[j];
            if (beta != 0.0f)
                v = v + (beta != 1.0f ? beta * c[(long)i * ldc + j] : c[(long)i * ldc + j]);
            c[(long)i * ldc + j] = v;
        }
}

/* fp32 -> bf16 (returned in the low 16 bits) exactly as the kernels round, for the managed tests. */
int kosmo_bf16_round(float f) { return f2bf(f); }
