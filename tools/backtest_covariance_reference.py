#!/usr/bin/env python3
"""Independent Ledoit-Wolf (2004) constant-correlation shrinkage intensity, numpy only.

Writes tests/fixtures/backtest/lw_returns.csv (seeded (L=60, n=6) returns, one row per day) and
tests/fixtures/backtest/lw_reference.csv (metric,value: delta). Run from the repository root:
/usr/bin/python3 tools/backtest_covariance_reference.py
Formulas follow Ledoit & Wolf, "Honey, I shrunk the sample covariance matrix" (2004), with 1/T moments
and the intensity clipped to [0, 1].
"""
import os

import numpy as np

OUT = os.path.join("tests", "fixtures", "backtest")


def lw_delta(y):
    t, n = y.shape
    x = y - y.mean(axis=0)
    s = x.T @ x / t
    var = np.diag(s)
    sd = np.sqrt(var)
    corr = s / np.outer(sd, sd)
    rbar = (corr.sum() - n) / (n * (n - 1))
    f = rbar * np.outer(sd, sd)
    np.fill_diagonal(f, var)
    y2 = x ** 2
    pi_mat = (y2.T @ y2) / t - s ** 2
    pi = pi_mat.sum()
    theta = ((x ** 3).T @ x) / t - var[:, None] * s  # theta[i, j] = E[(x_i^2 - s_ii)(x_i x_j - s_ij)]
    rho = np.trace(pi_mat)
    for i in range(n):
        for j in range(n):
            if i != j:
                rho += rbar / 2 * (np.sqrt(var[j] / var[i]) * theta[i, j] + np.sqrt(var[i] / var[j]) * theta[j, i])
    gamma = ((f - s) ** 2).sum()
    return float(min(1.0, max(0.0, (pi - rho) / gamma / t)))


def main():
    rng = np.random.default_rng(31337)
    t, n = 60, 6
    common = rng.standard_normal((t, 1)) * 0.01
    y = common + rng.standard_normal((t, n)) * rng.uniform(0.01, 0.03, size=n)
    os.makedirs(OUT, exist_ok=True)
    np.savetxt(os.path.join(OUT, "lw_returns.csv"), y, delimiter=",", fmt="%.17g")
    with open(os.path.join(OUT, "lw_reference.csv"), "w", encoding="utf-8") as fh:
        fh.write("metric,value\n")
        fh.write(f"delta,{lw_delta(y)!r}\n")


if __name__ == "__main__":
    main()
