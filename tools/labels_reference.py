#!/usr/bin/env python3
"""Independent numpy references for Kosmo's labels and sample weights.

Writes tests/fixtures/labels/:
  trend_closes.csv      t,close            one stock, 120 days, integer KRW closes (exact in float32)
  trend_expected.csv    t,best_span,t_value   trend scanning over spans 5..20 on closes t+1..t+L
                         (OLS of log close on x = 1..L with intercept, t = slope / se(slope), numpy lstsq)
  ewm_vol_expected.csv  t,sigma           zero-mean EWM RMS of daily log returns, span 20, adjust=True,
                                          NaN before 20 returns (pandas ewm(...).mean() of r^2, sqrt)
  weights_spans.csv     label,start,end   40 random label spans on 100 bars
  weights_returns.csv   bar,ret           100 random bar returns
  weights_expected.csv  label,uniqueness,attribution,decay_c05,decay_cm05
                                          via the explicit indicator matrix (AFML 4.3-4.5)
Run:  /usr/bin/python3 tools/labels_reference.py
"""
import os
import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "labels")


def trend(closes):
    rows = []
    logc = np.log(closes.astype(np.float64))
    for t in range(0, len(closes) - 20):
        best, best_l = None, None
        for L in range(5, 21):
            y = logc[t + 1 : t + L + 1]
            x = np.arange(1, L + 1, dtype=np.float64)
            X = np.column_stack([np.ones(L), x])
            beta, _, _, _ = np.linalg.lstsq(X, y, rcond=None)
            resid = y - X @ beta
            s2 = resid @ resid / (L - 2)
            se = np.sqrt(s2 * np.linalg.inv(X.T @ X)[1, 1])
            tv = beta[1] / se
            if best is None or abs(tv) > abs(best):
                best, best_l = tv, L
        rows.append((t, best_l, best))
    return pd.DataFrame(rows, columns=["t", "best_span", "t_value"])


def ewm_vol(closes, span=20, minp=20):
    r = np.diff(np.log(closes.astype(np.float64)))
    r2 = pd.Series(r ** 2).ewm(span=span, adjust=True).mean()
    sigma = np.sqrt(r2.values)
    count = np.arange(1, len(r) + 1)
    sigma[count < minp] = np.nan
    return np.concatenate([[np.nan], sigma])


def decay(u, c):
    cum = np.cumsum(u)
    total = cum[-1]
    b = (1 - c) / total if c >= 0 else 1 / ((c + 1) * total)
    a = 1 - b * total
    return np.maximum(0, a + b * cum)


def weights(rng):
    bars, n = 100, 40
    start = np.sort(rng.integers(0, 90, size=n))
    end = np.minimum(start + rng.integers(0, 15, size=n), bars - 1)
    ret = rng.normal(0, 0.02, size=bars)
    ind = np.zeros((bars, n))
    for j in range(n):
        ind[start[j] : end[j] + 1, j] = 1.0
    c = ind.sum(axis=1)
    inv = np.divide(1.0, c, out=np.zeros_like(c), where=c > 0)
    uniq = np.array([(ind[:, j] * inv).sum() / ind[:, j].sum() for j in range(n)])
    attr = np.abs((ind * (ret * inv)[:, None]).sum(axis=0))
    return start, end, ret, uniq, attr


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240611)
    closes = np.round(10000 * np.exp(np.cumsum(rng.normal(0.0005, 0.025, size=120))))
    pd.DataFrame({"t": range(len(closes)), "close": closes.astype(np.int64)}).to_csv(os.path.join(OUT, "trend_closes.csv"), index=False)
    trend(closes).to_csv(os.path.join(OUT, "trend_expected.csv"), index=False, float_format="%.10g")
    pd.DataFrame({"t": range(len(closes)), "sigma": ewm_vol(closes)}).to_csv(os.path.join(OUT, "ewm_vol_expected.csv"), index=False, float_format="%.10g", na_rep="NaN")
    start, end, ret, uniq, attr = weights(rng)
    pd.DataFrame({"label": range(len(start)), "start": start, "end": end}).to_csv(os.path.join(OUT, "weights_spans.csv"), index=False)
    pd.DataFrame({"bar": range(len(ret)), "ret": ret}).to_csv(os.path.join(OUT, "weights_returns.csv"), index=False, float_format="%.12g")
    pd.DataFrame({"label": range(len(start)), "uniqueness": uniq, "attribution": attr,
                  "decay_c05": decay(uniq, 0.5), "decay_cm05": decay(uniq, -0.5)}).to_csv(
        os.path.join(OUT, "weights_expected.csv"), index=False, float_format="%.12g")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
