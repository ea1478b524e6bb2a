#!/usr/bin/env python3
"""Independent reference for Kosmo.Backtest's probability of backtest overfitting (pure Python, no Kosmo code).

CSCV as in Bailey, Borwein, Lopez de Prado, Zhu, "The Probability of Backtest Overfitting" (2017), section 2:
the T x N return matrix is cut into S equal row blocks; for every choice of S/2 blocks as in-sample (J) and the rest
out-of-sample (Jbar), every strategy's Sharpe ratio per day (mean / sample std) is computed on J and Jbar; the in-sample
best n* (ties: lowest index) gets the relative out-of-sample rank w = rank(Rbar[n*]) / (N + 1) (rank 1 = worst, ties
averaged) and the logit l = ln(w / (1 - w)); PBO = share of l <= 0. Degradation: least-squares line of Rbar[n*] on
R[n*]; probability of loss: share of Rbar[n*] < 0. The earliest T mod S rows are dropped.

Writes tests/fixtures/pbo/returns.csv (a seeded T x N matrix: 12 strategies, some with a small persistent edge,
most noise, one whose edge reverses half-way) and tests/fixtures/pbo/reference.csv (name,value).
Run from the repository root: python3 tools/pbo_reference.py
"""
import itertools
import math
import os
import random

OUT = os.path.join("tests", "fixtures", "pbo")
T, N, S = 803, 12, 8


def sharpe(xs):
    m = sum(xs) / len(xs)
    v = sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
    return m / math.sqrt(v) if v > 1e-300 else 0.0


def main():
    rng = random.Random(20261206)
    cols = []
    for n in range(N):
        edge = [0.0004, 0.0002, 0.0][n % 3] if n < 6 else 0.0
        col = []
        for t in range(T):
            e = edge
            if n == 11:
                e = 0.0015 if t < T // 2 else -0.0015  # a strategy that was great, then reversed
            col.append(e + rng.gauss(0.0, 0.01))
        cols.append(col)

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "returns.csv"), "w") as f:
        f.write(",".join(f"s{n}" for n in range(N)) + "\n")
        for t in range(T):
            f.write(",".join(repr(cols[n][t]) for n in range(N)) + "\n")

    length = T // S
    skip = T - length * S
    blocks = [list(range(skip + b * length, skip + (b + 1) * length)) for b in range(S)]
    logits, is_best, oos_best = [], [], []
    for combo in itertools.combinations(range(S), S // 2):
        rows_in = [t for b in combo for t in blocks[b]]
        rows_out = [t for b in range(S) if b not in combo for t in blocks[b]]
        r_in = [sharpe([cols[n][t] for t in rows_in]) for n in range(N)]
        r_out = [sharpe([cols[n][t] for t in rows_out]) for n in range(N)]
        best = max(range(N), key=lambda n: (r_in[n], -n))
        below = sum(1 for v in r_out if v < r_out[best])
        equal = sum(1 for v in r_out if v == r_out[best])
        w = (below + (equal + 1) / 2.0) / (N + 1.0)
        logits.append(math.log(w / (1 - w)))
        is_best.append(r_in[best])
        oos_best.append(r_out[best])

    pbo = sum(1 for x in logits if x <= 0) / len(logits)
    mx, my = sum(is_best) / len(is_best), sum(oos_best) / len(oos_best)
    sxy = sum((x - mx) * (y - my) for x, y in zip(is_best, oos_best))
    sxx = sum((x - mx) ** 2 for x in is_best)
    slope = sxy / sxx
    loss = sum(1 for y in oos_best if y < 0) / len(oos_best)
    with open(os.path.join(OUT, "reference.csv"), "w") as f:
        f.write("name,value\n")
        f.write(f"blocks,{S}\n")
        f.write(f"pbo,{pbo!r}\n")
        f.write(f"slope,{slope!r}\n")
        f.write(f"intercept,{my - slope * mx!r}\n")
        f.write(f"prob_loss,{loss!r}\n")
        for k, x in enumerate(logits):
            f.write(f"logit_{k},{x!r}\n")
    print(f"pbo={pbo} slope={slope} combos={len(logits)}")


if __name__ == "__main__":
    main()
