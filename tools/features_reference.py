#!/usr/bin/python3
"""Independent pandas reference values for the C# features on the real-data fixture.

Reads tests/fixtures/features/{yahoo_kosdaq_slice,index_kosdaq_slice}.csv and writes
tests/fixtures/features/reference_features.csv: one row per (code, date) for every 3rd panel date, with the
features below (empty cell = NaN). Conventions mirror docs/notes/features.md: the panel calendar is the union of
dates; values go through float32 like the Panel; a day trades when close > 0 and volume > 0; price = AdjClose
(else Close); windowed features run on each stock's trading subsequence with min_periods = ceil(0.75 w).
Rerun: /usr/bin/python3 tools/features_reference.py
"""
import math, os
import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures", "features")

def mp(w):
    return (3 * w + 3) // 4

def wilder_rsi(p, n=14):
    d = p.diff()
    g, l = d.clip(lower=0), (-d).clip(lower=0)
    out = pd.Series(np.nan, index=p.index)
    if len(p) <= n:
        return out
    ag, al = g.iloc[1:n + 1].mean(), l.iloc[1:n + 1].mean()
    out.iloc[n] = 100.0 if al == 0 else 100 - 100 / (1 + ag / al)
    for k in range(n + 1, len(p)):
        ag = (ag * (n - 1) + g.iloc[k]) / n
        al = (al * (n - 1) + l.iloc[k]) / n
        out.iloc[k] = 100.0 if al == 0 else 100 - 100 / (1 + ag / al)
    return out

def main():
    raw = pd.read_csv(os.path.join(FIX, "yahoo_kosdaq_slice.csv"), dtype={"Code": str})
    idx = pd.read_csv(os.path.join(FIX, "index_kosdaq_slice.csv"))
    cal = sorted(raw["Date"].unique())
    f32 = lambda s: s.astype(np.float32).astype(np.float64)
    raw["ValueF"] = (raw["Close"] * raw["Volume"]).astype(np.float32).astype(np.float64)
    frames = []
    for code, g in raw.groupby("Code"):
        g = g.set_index("Date").reindex(cal)
        close, adj, vol = f32(g["Close"]), f32(g["AdjClose"]), f32(g["Volume"])
        o, h, l = f32(g["Open"]), f32(g["High"]), f32(g["Low"])
        trading = (close > 0) & (vol > 0)
        price = adj.where(adj > 0, close).where(trading)
        factor = price / close
        lp = np.log(price)
        lpff = lp.ffill()
        out = pd.DataFrame(index=cal)
        for hz in [1, 5, 20, 60, 120]:
            out[f"ret_{hz}d"] = (lp - lpff.shift(hz)).where(trading)
        out["mom_12_1"] = (lpff.shift(21) - lpff.shift(252)).where(trading)
        # trading subsequence
        tp = price[trading]
        r = np.log(tp).diff()
        for w in [20, 60]:
            out[f"vol_{w}d"] = (r.rolling(w, min_periods=mp(w)).std(ddof=1) * math.sqrt(252)).reindex(cal)
        out["rsi_14"] = wilder_rsi(tp).reindex(cal)
        e12, e26 = tp.ewm(span=12, adjust=False).mean(), tp.ewm(span=26, adjust=False).mean()
        line = e12 - e26
        sig = line.ewm(span=9, adjust=False).mean()
        warm = pd.Series(np.arange(len(tp)) >= 26 + 9 - 2, index=tp.index)
        out["macd"] = (line / tp).where(warm).reindex(cal)
        out["macd_signal"] = (sig / tp).where(warm).reindex(cal)
        out["macd_hist"] = ((line - sig) / tp).where(warm).reindex(cal)
        m, s = tp.rolling(20).mean(), tp.rolling(20).std(ddof=0)
        out["bb_pctb"] = ((tp - (m - 2 * s)) / (4 * s)).reindex(cal)
        out["bb_width"] = (4 * s / m).reindex(cal)
        tv, tval = vol[trading], g["ValueF"][trading]
        for name, x in [("volume_z", tv), ("value_z", tval)]:
            lx = np.log1p(x)
            prev = lx.shift(1)
            out[name] = ((lx - prev.rolling(60, min_periods=mp(60)).mean()) / prev.rolling(60, min_periods=mp(60)).std(ddof=1)).reindex(cal)
        out["amihud"] = ((r.abs() / tval * 1e9).rolling(20, min_periods=mp(20)).mean()).reindex(cal)
        out["dist_52w_high"] = (tp / tp.rolling(252, min_periods=mp(252)).max() - 1).reindex(cal)
        out["dist_52w_low"] = (tp / tp.rolling(252, min_periods=mp(252)).min() - 1).reindex(cal)
        out["gap"] = ((o * factor)[trading] / tp.shift(1) - 1).reindex(cal)
        out["range"] = (((h - l) * factor)[trading] / tp).reindex(cal)
        first = close[close > 0].index.min()
        d = pd.to_datetime(pd.Series(cal, index=cal))
        out["years_listed"] = ((d - pd.Timestamp(first)).dt.days / 365.25).where(d >= pd.Timestamp(first))
        out.insert(0, "Code", code)
        frames.append(out)
    ix = idx.set_index("Date").reindex(cal)["Close"].astype(np.float32).astype(np.float64)
    ilp = np.log(ix.where(ix > 0))
    iff = ilp.ffill()
    market = pd.DataFrame(index=cal)
    for hz in [1, 5, 20]:
        market[f"kosdaq_ret_{hz}d"] = (ilp - iff.shift(hz)).where(ix > 0)
    ir = ilp - iff.shift(1)
    market["kosdaq_vol_20d"] = ir.rolling(20, min_periods=mp(20)).std(ddof=1) * math.sqrt(252)
    res = pd.concat([f.join(market) for f in frames])
    res.index.name = "Date"
    keep = set(cal[::3])
    res = res[res.index.isin(keep)].reset_index()
    cols = ["Code", "Date"] + [c for c in res.columns if c not in ("Code", "Date")]
    res[cols].to_csv(os.path.join(FIX, "reference_features.csv"), index=False, float_format="%.9g", na_rep="")

if __name__ == "__main__":
    main()
