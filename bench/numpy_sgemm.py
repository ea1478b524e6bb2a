"""numpy (OpenBLAS) float32 GEMM GFLOP/s, for the SGEMM ratios.

Square sizes (bench/figures/30-tensors.sh): an integer N measures N x N x N, median of repeats, and prints
numpy_sgemm_gflops_N=... .
Shapes (bench/figures/31-gemm-shapes.sh): TA,TB,m,n,k (TA, TB in N/T, as the gemm-census figure prints them)
measures C (m x n) = op(A) (m x k) . op(B) (k x n) with op(X) = X.T a transposed view (numpy hands BLAS the
transpose flag, no copy), the way figure gemm-shapes measures Kosmo: one warm-up, then samples of enough
back-to-back calls to last >= 2 ms, the median sample (--quick: 5 samples, else 15); --thread-clock times the
calling thread's CPU time instead of wall time (steady under load; only with OPENBLAS_NUM_THREADS=1, where OpenBLAS
computes on the calling thread); prints numpy_gemm_gflops_TATB_MxNxK=... .

Usage: OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/numpy_sgemm.py 64 256 1024
       OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/numpy_sgemm.py [--quick] N,T,7680,128,32 T,N,32,128,7680
"""
import math
import sys
import time

import numpy as np


def square(n):
    rng = np.random.default_rng(n)
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    c = np.empty((n, n), np.float32)
    flops = 2.0 * n ** 3
    reps = max(3, int(min(200, 2e9 / flops)))
    np.matmul(a, b, out=c)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"numpy_sgemm_gflops_{n}={flops / times[len(times) // 2] / 1e9:.2f}")


def shape(text, samples, clock):
    ta, tb, m, n, k = text.split(",")
    m, n, k = int(m), int(n), int(k)
    rng = np.random.default_rng(m + 7 * n + 13 * k)
    a = rng.uniform(-1, 1, (k, m) if ta == "T" else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if tb == "T" else (k, n)).astype(np.float32)
    opa = a.T if ta == "T" else a
    opb = b.T if tb == "T" else b
    c = np.empty((m, n), np.float32)
    np.matmul(opa, opb, out=c)
    t0 = clock()
    np.matmul(opa, opb, out=c)
    once = max(clock() - t0, 1e-7)
    inner = int(min(100_000, max(1, math.ceil(2e-3 / once))))
    times = []
    for _ in range(samples):
        t0 = clock()
        for _ in range(inner):
            np.matmul(opa, opb, out=c)
        times.append((clock() - t0) / inner)
    times.sort()
    print(f"numpy_gemm_gflops_{ta}{tb}_{m}x{n}x{k}={2.0 * m * n * k / times[len(times) // 2] / 1e9:.2f}")


args = sys.argv[1:]
quick = "--quick" in args
clock = time.thread_time if "--thread-clock" in args else time.perf_counter
for arg in (a for a in args if not a.startswith("--")):
    if "," in arg:
        shape(arg, 5 if quick else 15, clock)
    else:
        square(int(arg))
