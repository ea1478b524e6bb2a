#!/usr/bin/python3
"""numpy OLS reference for the C# ADF test and FFD (statsmodels is not installed; this follows adfuller's recipe).

Writes tests/fixtures/features/adf_series.csv (columns ar1, rw, ffd: an AR(1) with phi 0.9, a random walk, both
seeded, and the FFD(d=0.4, threshold 1e-4) of the log AdjClose of 000250 on its trading days in the real fixture,
warm-up dropped, all padded with empty cells) and adf_reference.csv (series, autolag, maxlag, lag, nobs, stat,
crit5, pvalue). Rerun: /usr/bin/python3 tools/features_adf_reference.py
"""
import math, os
import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures", "features")

def ols_adf(y, p, first):
    dy = np.diff(y, prepend=np.nan)
    rows = range(first, len(y))
    X = np.array([[1.0, y[t - 1]] + [dy[t - i] for i in range(1, p + 1)] for t in rows])
    Y = np.array([dy[t] for t in rows])
    beta, *_ = np.linalg.lstsq(X, Y, rcond=None)
    resid = Y - X @ beta
    ssr = float(resid @ resid)
    m, k = X.shape
    cov = ssr / (m - k) * np.linalg.inv(X.T @ X)
    return beta[1] / math.sqrt(cov[1, 1]), ssr, m

def adf(y, maxlag, autolag):
    lag = maxlag
    if autolag:
        best = math.inf
        for p in range(maxlag + 1):
            _, ssr, m = ols_adf(y, p, maxlag + 1)
            aic = m * math.log(ssr / m) + 2 * (p + 2)
            if aic < best:
                best, lag = aic, p
    stat, _, m = ols_adf(y, lag, lag + 1)
    crit5 = -2.86154 - 2.8903 / m - 4.234 / m**2 - 40.040 / m**3
    if stat <= -1.61:
        z = 2.1659 + 1.4412 * stat + 0.038269 * stat**2
    else:
        z = 1.7339 + 0.93202 * stat - 0.12745 * stat**2 - 0.010368 * stat**3
    pval = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    return lag, m, stat, crit5, pval

def ffd_weights(d, thr):
    w = [1.0]
    k = 1
    while True:
        nxt = -w[-1] * (d - k + 1) / k
        if abs(nxt) < thr:
            return np.array(w)
        w.append(nxt)
        k += 1

def main():
    rng = np.random.default_rng(20261122)
    e = rng.standard_normal(400)
    ar1 = np.zeros(400)
    for t in range(1, 400):
        ar1[t] = 0.9 * ar1[t - 1] + e[t]
    rw = np.cumsum(rng.standard_normal(300))
    raw = pd.read_csv(os.path.join(FIX, "yahoo_kosdaq_slice.csv"), dtype={"Code": str})
    g = raw[(raw.Code == "000250") & (raw.Volume > 0) & (raw.Close > 0)]
    lp = np.log(g.AdjClose.astype(np.float32).astype(np.float64).values)
    w = ffd_weights(0.4, 1e-4)
    ffd = np.array([w @ lp[t - np.arange(len(w))] for t in range(len(w) - 1, len(lp))])
    series = {"ar1": ar1, "rw": rw, "ffd": ffd}
    n = max(len(v) for v in series.values())
    pd.DataFrame({k: np.concatenate([v, np.full(n - len(v), np.nan)]) for k, v in series.items()}).to_csv(
        os.path.join(FIX, "adf_series.csv"), index=False, float_format="%.17g", na_rep="")
    rows = []
    for name, y in series.items():
        for autolag, maxlag in [(False, 2), (True, 8)]:
            lag, m, stat, crit5, pval = adf(y, maxlag, autolag)
            rows.append(dict(series=name, autolag=autolag, maxlag=maxlag, lag=lag, nobs=m, stat=stat, crit5=crit5, pvalue=pval))
    pd.DataFrame(rows).to_csv(os.path.join(FIX, "adf_reference.csv"), index=False, float_format="%.12g")
    print(pd.DataFrame(rows), len(w))

if __name__ == "__main__":
    main()
