"""numpy (OpenBLAS) float32 GEMM GFLOP/s at square sizes, median of repeats, for the SGEMM ratio.

Usage: OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/numpy_sgemm.py 64 256 1024
Prints numpy_sgemm_gflops_N=... lines.
"""
import sys
import time

import numpy as np

for n in map(int, sys.argv[1:]):
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
