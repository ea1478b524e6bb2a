#!/usr/bin/python3
"""Times pandas.read_csv on a (gzip) CSV: prints the median seconds of N repeats.
Usage: /usr/bin/python3 tools/pandas_read_bench.py FILE [REPEATS]"""
import statistics, sys, time
import pandas as pd

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
pd.read_csv(path, dtype={"Code": str})  # warm-up (page cache, imports)
times, cpu = [], []
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path, dtype={"Code": str})
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
# wall seconds, rows, CPU seconds
print(f"{statistics.median(times):.4f} {len(df)} {statistics.median(cpu):.4f}")
