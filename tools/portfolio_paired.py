"""Signal versus no-skill control under the same portfolio construction, from a `kosmo backtest` output folder.

For every configuration NAME with both MODEL/NAME and random_control/NAME in equity.csv: the daily net-return
difference MODEL - random_control, annualised (x252), with a t statistic that uses a Newey-West (Bartlett, 20 lags)
standard error; and the deflated Sharpe ratio recomputed over the model strategies only (trials = model strategies +
extra, variance of their daily Sharpes), next to the command's DSR (which also counts the controls).

Usage: /usr/bin/python3 tools/portfolio_paired.py OUT_DIR [EXTRA_TRIALS] [CONTROL]   (CONTROL: random_control (default)
or random_persistent; every strategy whose model starts with "random_" is a control, not a candidate)
"""
import math
import sys

import numpy as np
import pandas as pd


def norm_cdf(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def norm_ppf(p):
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if norm_cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def newey_west_t(d, lags=20):
    d = d - d.mean()
    n = len(d)
    var = np.dot(d, d) / n
    for k in range(1, lags + 1):
        w = 1 - k / (lags + 1)
        var += 2 * w * np.dot(d[k:], d[:-k]) / n
    return math.sqrt(var / n)


def dsr(r, trials, variance):
    n = len(r)
    mean, std = r.mean(), r.std(ddof=1)
    sr = mean / std
    d = r - mean
    m2, m3, m4 = np.mean(d ** 2), np.mean(d ** 3), np.mean(d ** 4)
    skew, kurt = m3 / m2 ** 1.5, m4 / m2 ** 2
    g = 0.5772156649015329
    sr0 = math.sqrt(variance) * ((1 - g) * norm_ppf(1 - 1 / trials) + g * norm_ppf(1 - 1 / (trials * math.e)))
    return norm_cdf((sr - sr0) * math.sqrt(n - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr))


def main():
    out = sys.argv[1]
    extra = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    control_model = sys.argv[3] if len(sys.argv) > 3 else "random_control"
    eq = pd.read_csv(f"{out}/equity.csv").pivot(index="date", columns="strategy", values="equity")
    ret = eq.pct_change().iloc[1:]
    strategies = [c for c in eq.columns if "/" in c]
    models = sorted(m for m in {c.split("/")[0] for c in strategies} if not m.startswith("random_"))
    configs = list(dict.fromkeys(c.split("/", 1)[1] for c in strategies))
    model_cols = [c for c in strategies if not c.startswith("random_")]
    sharpes = np.array([ret[c].mean() / ret[c].std(ddof=1) for c in model_cols])
    variance = sharpes.var(ddof=1)
    trials = len(model_cols) + extra
    print(f"model-only DSR: {trials} trials ({len(model_cols)} model strategies + {extra}), daily Sharpe variance {variance:.3g}")
    print(f"control: {control_model}")
    print("| configuration | " + " | ".join(f"{m} - control (ann.) [t] | {m} DSR (models only)" for m in models) + " |")
    print("|---|" + "---|---|" * len(models))
    for name in configs:
        control = f"{control_model}/{name}"
        cells = []
        for m in models:
            col = f"{m}/{name}"
            if col not in ret or control not in ret:
                cells += ["–", "–"]
                continue
            d = (ret[col] - ret[control]).to_numpy()
            t = d.mean() / newey_west_t(d)
            cells += [f"{252 * d.mean():+.1%} [{t:+.1f}]", f"{dsr(ret[col].to_numpy(), trials, variance):.3f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
