#!/usr/bin/env python3
"""Independent reference values for Kosmo.Backtest statistics (pandas/numpy, no Kosmo code).

Writes tests/fixtures/backtest/equity_series.csv (a seeded equity path with daily costs, turnover and holdings)
and tests/fixtures/backtest/stats_reference.csv (metric,value) computed here from that file.
Run from the repository root: /usr/bin/python3 tools/backtest_stats_reference.py
Conventions (DESIGN.md): daily simple returns; 252 days; Sharpe = mean / sample std * sqrt(252); Sortino downside
= sqrt(mean(min(r,0)^2)); CAGR = (last/first)^(252/n_returns) - 1; PSR/DSR of Bailey & Lopez de Prado with
population skewness and (non-excess) kurtosis of daily returns; DSR with N = 10 trials and trial Sharpe variance
0.0004 (daily units); risk-free 0.
"""
import math
import os

import numpy as np
import pandas as pd

OUT = os.path.join("tests", "fixtures", "backtest")
TRIALS = 10
TRIAL_VAR = 0.0004


def norm_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def norm_ppf(p):
    # bisection on erf: independent of any library inverse
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if norm_cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def make_series():
    rng = np.random.default_rng(20240611)
    n = 600
    r = 0.0004 + 0.015 * rng.standard_t(4, size=n - 1) / math.sqrt(2.0)
    equity = 1e8 * np.concatenate([[1.0], np.cumprod(1 + r)])
    equity = np.round(equity, 2)
    costs = np.round(np.where(rng.random(n) < 0.3, rng.random(n) * 40000, 0.0), 0)
    costs[0] = 0
    turnover = np.round(np.where(costs > 0, rng.random(n) * 0.2, 0.0), 6)
    holdings = rng.integers(15, 21, size=n)
    dates = pd.bdate_range("2021-01-04", periods=n)
    return pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "equity": equity, "cost": costs,
                         "turnover": turnover, "holdings": holdings})


def stats(df):
    e = df["equity"].to_numpy(dtype=float)
    r = pd.Series(e).pct_change().dropna().to_numpy()
    n = len(r)
    mean, std = r.mean(), r.std(ddof=1)
    down = math.sqrt(np.mean(np.minimum(r, 0.0) ** 2))
    peak = np.maximum.accumulate(e)
    dd = e / peak - 1
    under = e < peak
    longest = run = 0
    for u in under:
        run = run + 1 if u else 0
        longest = max(longest, run)
    cagr = (e[-1] / e[0]) ** (252.0 / n) - 1
    d = r - mean
    m2, m3, m4 = np.mean(d ** 2), np.mean(d ** 3), np.mean(d ** 4)
    skew, kurt = m3 / m2 ** 1.5, m4 / m2 ** 2
    sr = mean / std

    def psr(sr_star):
        return norm_cdf((sr - sr_star) * math.sqrt(n - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr))

    g = 0.5772156649015329
    sr0 = math.sqrt(TRIAL_VAR) * ((1 - g) * norm_ppf(1 - 1 / TRIALS) + g * norm_ppf(1 - 1 / (TRIALS * math.e)))
    c = df["cost"].to_numpy()[1:] / e[:-1]
    gross = np.prod(1 + r + c) - 1
    nz = r[r != 0]
    return {
        "total_return": e[-1] / e[0] - 1,
        "cagr": cagr,
        "ann_vol": std * math.sqrt(252),
        "sharpe": sr * math.sqrt(252),
        "sortino": mean / down * math.sqrt(252),
        "max_drawdown": dd.min(),
        "max_drawdown_days": longest,
        "calmar": cagr / -dd.min(),
        "turnover": df["turnover"].mean() * 252,
        "cost_drag": c.mean() * 252,
        "gross_total_return": gross,
        "avg_holdings": df["holdings"].mean(),
        "hit_rate": (nz > 0).mean(),
        "skewness": skew,
        "kurtosis": kurt,
        "psr": psr(0.0),
        "expected_max_sharpe": sr0,
        "dsr": psr(sr0),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    df = make_series()
    df.to_csv(os.path.join(OUT, "equity_series.csv"), index=False, float_format="%.10g")
    df = pd.read_csv(os.path.join(OUT, "equity_series.csv"))
    with open(os.path.join(OUT, "stats_reference.csv"), "w", encoding="utf-8") as f:
        f.write(f"metric,value\n")
        f.write(f"trials,{TRIALS}\ntrial_sharpe_variance,{TRIAL_VAR!r}\n")
        for k, v in stats(df).items():
            f.write(f"{k},{float(v)!r}\n")


if __name__ == "__main__":
    main()
