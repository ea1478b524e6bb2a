/* The FMA peak of one core, in GFLOP per second of thread CPU time: 12 independent accumulator chains of 512-bit
   fp32 FMAs (VFMADD, 32 FLOP each), then of VDPBF16PS (bf16 pairs into fp32, 64 FLOP each), enough chains to
   cover the instructions' latency on Zen 4/5 and Intel cores. Nothing is loaded from memory: this is the
   ceiling no GEMM on this core can pass. Built and run by bench/figures/38-fma-peak.sh.
   Output: fma_fp32_gflops_per_core=..., fma_bf16_gflops_per_core=... (NA where the CPU lacks AVX512_BF16). */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cpuid.h>

static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* GFLOP per thread-CPU second since t0; the chains are summed and used, so the compiler keeps every one. */
__attribute__((target("avx512f"))) static double gflops(const __m512 *acc, double t0, double flop)
{
    double t = thread_cpu() - t0;
    float s = 0;
    for (int j = 0; j < 12; j++) s += _mm512_reduce_add_ps(acc[j]);
    if (s == 12345.0f) puts("");
    return flop / t / 1e9;
}

__attribute__((target("avx512f"))) static double fp32_peak(long n)
{
    __m512 acc[12];
    const __m512 x = _mm512_set1_ps(1.0000001f), y = _mm512_set1_ps(-0.5f);
    for (int j = 0; j < 12; j++) acc[j] = _mm512_set1_ps((float)j);
    double t0 = thread_cpu();
    for (long i = 0; i < n; i++)
    {
#pragma GCC unroll 12
        for (int j = 0; j < 12; j++) acc[j] = _mm512_fmadd_ps(acc[j], x, y);
    }
    return gflops(acc, t0, n * 12.0 * 32);
}

__attribute__((target("avx512f,avx512bf16"))) static double bf16_peak(long n)
{
    __m512 acc[12];
    const __m512bh p = (__m512bh)_mm512_set1_epi16(0x3f80), q = (__m512bh)_mm512_set1_epi16(0x3c00);
    for (int j = 0; j < 12; j++) acc[j] = _mm512_setzero_ps();
    double t0 = thread_cpu();
    for (long i = 0; i < n; i++)
    {
#pragma GCC unroll 12
        for (int j = 0; j < 12; j++) acc[j] = _mm512_dpbf16_ps(acc[j], p, q);
    }
    return gflops(acc, t0, n * 12.0 * 64);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000000L;
    unsigned a, b, c, d;
    int avx512f = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 16));
    int bf16 = avx512f && __get_cpuid_count(7, 1, &a, &b, &c, &d) && (a & (1u << 5));
    if (!avx512f)
    {
        puts("fma_fp32_gflops_per_core=NA");
        puts("fma_bf16_gflops_per_core=NA");
        fputs("no AVX-512F on this CPU\n", stderr);
        return 0;
    }

    fp32_peak(n / 10); /* warm the core to its clock */
    printf("fma_fp32_gflops_per_core=%.1f\n", fp32_peak(n));
    if (bf16) printf("fma_bf16_gflops_per_core=%.1f\n", bf16_peak(n));
    else { puts("fma_bf16_gflops_per_core=NA"); fputs("no AVX512_BF16 on this CPU\n", stderr); }
    return 0;
}
