#!/usr/bin/python3
"""Writes the report fixture run folder tests/fixtures/report/run/ and independent pandas expectations.

Rerun from the repository root:  /usr/bin/python3 tools/make_report_fixture.py
Deterministic (numpy RandomState(20260101)); the output is committed. Synthetic numbers with realistic shapes:
~4 years of KRX-like business days, 2 strategies + 3 benchmarks, trades, predictions for 2 models, metrics.json
with every DESIGN.md key plus confusion/calibration/comparisons, capacity, attention, variable importance and a
training log. Also writes expected_*.csv computed with pandas for the C# analytics tests.
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "report")
RUN = os.path.join(ROOT, "run")
rng = np.random.RandomState(20260101)

dates = pd.bdate_range("2021-01-04", "2024-12-30")
T = len(dates)


def curve(mu, sigma, start, shock=None):
    r = rng.normal(mu, sigma, T)
    if shock is not None:  # a drawdown episode
        a, b, size = shock
        r[a:b] -= size
    return start * np.cumprod(1 + r)


series = {
    "tft_long_short": curve(0.0007, 0.011, 100_000_000, (300, 360, 0.004)),
    "momentum_top_decile": curve(0.0005, 0.015, 100_000_000, (500, 600, 0.003)),
    "KOSPI": curve(0.0002, 0.010, 2_944.45),
    "KOSDAQ": curve(0.0001, 0.013, 968.42),
    "KOSDAQ_small_eq": curve(0.00025, 0.012, 1_000.0),
}
strategies = ["tft_long_short", "momentum_top_decile"]
benchmarks = ["KOSPI", "KOSDAQ", "KOSDAQ_small_eq"]
os.makedirs(RUN, exist_ok=True)

eq = pd.concat([pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "strategy": k, "equity": np.round(v, 4)}) for k, v in series.items()])
eq.to_csv(os.path.join(RUN, "equity.csv"), index=False)


def stats(v):
    v = pd.Series(v)
    r = v.pct_change().dropna()
    sharpe = r.mean() / r.std(ddof=1) * np.sqrt(252)
    down = r[r < 0]
    sortino = r.mean() / np.sqrt((down ** 2).sum() / len(r)) * np.sqrt(252)
    total = v.iloc[-1] / v.iloc[0] - 1
    cagr = (1 + total) ** (252 / len(r)) - 1
    mdd = (v / v.cummax() - 1).min()
    return {"total_return": total, "cagr": cagr, "ann_vol": r.std(ddof=1) * np.sqrt(252), "sharpe": sharpe,
            "sortino": sortino, "max_drawdown": mdd, "calmar": cagr / abs(mdd)}


# Trades: every 5th day each strategy rebalances 6 names.
codes = [f"{c:06d}" for c in rng.choice(np.arange(1000, 400000), 40, replace=False)]
rows = []
for strat_i, s in enumerate(strategies):
    for t in range(5, T, 5):
        for k in range(6):
            price = float(np.round(rng.uniform(1_500, 60_000), -1))
            value = series[s][t] * rng.uniform(0.02, 0.06)
            shares = int(value // price)
            side = "buy" if k % 2 == 0 else "sell"
            commission = round(shares * price * 0.00015)
            tax = round(shares * price * (0.0023 if dates[t].year < 2023 else 0.0020 if dates[t].year == 2023 else 0.0018)) if side == "sell" else 0
            slippage = round(shares * price * 0.0005 * (1 + strat_i))
            rows.append((dates[t].strftime("%Y-%m-%d"), codes[(t + k + strat_i) % len(codes)], s, side, shares, price, commission, tax, slippage))
trades = pd.DataFrame(rows, columns=["date", "code", "strategy", "side", "shares", "price", "commission", "tax", "slippage"])
trades.to_csv(os.path.join(RUN, "trades.csv"), index=False)

# Predictions: weekly dates in the last two years, 25 codes, 2 models.
pred_rows = []
for m in ["tft_lite", "logistic"]:
    for d in dates[dates >= "2023-01-02"][::5]:
        for c in codes[:25]:
            logits = rng.normal(0, 0.6 if m == "tft_lite" else 0.3, 3)
            p = np.exp(logits) / np.exp(logits).sum()
            pred_rows.append((d.strftime("%Y-%m-%d"), c, m, *np.round(p, 6)))
pd.DataFrame(pred_rows, columns=["date", "code", "model", "p_down", "p_flat", "p_up"]).to_csv(os.path.join(RUN, "predictions.csv"), index=False)


def calibration(sharp):
    bins = []
    for i in range(10):
        mid = 0.05 + 0.1 * i
        mean_pred = mid + rng.uniform(-0.02, 0.02)
        bins.append({"bin_mid": round(mid, 2), "mean_pred": round(mean_pred, 4),
                     "frac_pos": round(float(np.clip(mean_pred * sharp + (1 - sharp) / 3 + rng.normal(0, 0.015), 0, 1)), 4),
                     "count": int(rng.randint(40, 900) if i < 7 else rng.randint(3, 60))})
    return bins


def model_metrics(acc, f1, ic, conf, sharp):
    return {"accuracy": acc, "balanced_accuracy": acc - 0.01, "macro_f1": f1, "macro_f1_ci": [f1 - 0.012, f1 + 0.011],
            "log_loss": 1.07 - (acc - 0.34) * 0.5, "brier": 0.655 - (acc - 0.34) * 0.3, "ic": ic, "rank_ic": ic * 1.1,
            "rank_ic_ci": [ic * 1.1 - 0.01, ic * 1.1 + 0.012], "icir": ic / 0.09, "n_test": int(np.sum(conf)),
            "confusion": conf, "calibration": {"down": calibration(sharp), "flat": calibration(sharp * 0.8), "up": calibration(sharp)}}


backtests = {}
for s in strategies:
    st = stats(series[s])
    t = trades[trades.strategy == s]
    st.update({"turnover": 11.8 if s == strategies[0] else 8.4,
               "cost_drag": float((t.commission + t.tax + t.slippage).sum() / series[s][0] / 4),
               "psr": 0.97 if s == strategies[0] else 0.81, "dsr": 0.88 if s == strategies[0] else 0.42})
    backtests[s] = st
bench = {}
for b in benchmarks:
    st = stats(series[b])
    st.update({"turnover": None, "cost_drag": None, "psr": None, "dsr": None})
    bench[b] = st

metrics = {
    "data": {"source": "synthetic", "synthetic": True, "start": "2021-01-04", "end": "2024-12-30", "universe": "KOSDAQ small caps (liquidity filtered)",
             "n_codes": 412, "n_days": T, "seed": 20260101},
    "models": {"tft_lite": model_metrics(0.402, 0.391, 0.041, [[5210, 2110, 2480], [2950, 4380, 2770], [2260, 2090, 5530]], 0.9),
               "logistic": model_metrics(0.371, 0.362, 0.022, [[4700, 2600, 2500], [3300, 3900, 2900], [2800, 2600, 4480]], 0.6)},
    "comparisons": [{"a": "tft_lite", "b": "logistic", "metric": "macro_f1", "diff": 0.029, "ci": [0.012, 0.046], "p_value": 0.004},
                    {"a": "tft_lite", "b": "logistic", "metric": "rank_ic", "diff": 0.021, "ci": [0.003, 0.039], "p_value": 0.031}],
    "backtests": backtests,
    "benchmarks": bench,
    "timing": {"import_s": 12.4, "features_s": 31.9, "train_s": 842.5, "backtest_s": 6.1, "total_s": 901.3},
}
with open(os.path.join(RUN, "metrics.json"), "w") as f:
    json.dump(metrics, f, indent=2, sort_keys=False)
    f.write("\n")

with open(os.path.join(RUN, "config.yaml"), "w") as f:
    f.write("""name: fixture-synthetic-run
seed: 20260101
data:
  source: synthetic
  start: 2021-01-04
  end: 2024-12-30
universe:
  market: KOSDAQ
  min_turnover_krw: 500000000
labels:
  method: fixed_horizon
  horizon: 20
model:
  kind: tft_lite
  hidden: 32
  heads: 4
  lookback: 60
backtest:
  account_krw: 100000000
  commission: 0.00015
""")

cap = []
for s_i, s in enumerate(strategies):
    for acct in [1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10, 3e10, 1e11]:
        decay = np.log10(acct / 1e7) ** 2 * (0.012 + 0.008 * s_i)
        base = backtests[s]["cagr"]
        cap.append((int(acct), s, round(backtests[s]["total_return"] - 4 * decay, 6), round(base - decay, 6),
                    round(backtests[s]["sharpe"] - decay * 6, 4), round(0.004 + decay, 6)))
pd.DataFrame(cap, columns=["account_krw", "strategy", "total_return", "cagr", "sharpe", "cost_drag"]).to_csv(os.path.join(RUN, "capacity.csv"), index=False)

att = []
for m, decay in [("tft_lite", 0.12), ("tft_lite_small", 0.06)]:
    w = np.exp(-decay * np.arange(60)) * (1 + 0.25 * (np.arange(60) % 5 == 4)) + 0.002
    w /= w.sum()
    att += [(m, lag + 1, round(float(x), 6)) for lag, x in enumerate(w)]
pd.DataFrame(att, columns=["model", "lag", "weight"]).to_csv(os.path.join(RUN, "attention.csv"), index=False)

temporal = ["ret_1d", "ret_5d", "ret_20d", "ret_60d", "vol_20d", "turnover_20d", "amihud_20d", "rsi_14", "dist_52w_high", "market_ret_5d", "volume_z", "gap_open"]
static = ["market_kosdaq", "sector", "tier_venture", "listing_age", "admin_flag"]
vi = []
for m in ["tft_lite"]:
    for kind, names in [("temporal", temporal), ("static", static)]:
        w = rng.dirichlet(np.ones(len(names)) * 1.5)
        vi += [(m, kind, n, round(float(x), 6)) for n, x in zip(names, w)]
pd.DataFrame(vi, columns=["model", "kind", "variable", "weight"]).to_csv(os.path.join(RUN, "variable_importance.csv"), index=False)

log = []
for m in ["tft_lite"]:
    for fold in range(3):
        for epoch in range(1, 21):
            tl = 1.098 - 0.09 * (1 - np.exp(-epoch / 5)) - 0.002 * epoch + rng.normal(0, 0.004) - 0.01 * fold
            vl = 1.098 - 0.05 * (1 - np.exp(-epoch / 4)) + 0.0015 * max(0, epoch - 10) + rng.normal(0, 0.005) - 0.008 * fold
            log.append((m, fold, epoch, round(tl, 5), round(vl, 5), round(0.33 + 0.06 * (1 - np.exp(-epoch / 4)) + rng.normal(0, 0.004), 4),
                        round(0.001 * 0.5 * (1 + np.cos(np.pi * epoch / 20)), 7), round(float(rng.normal(5200, 150)), 1)))
pd.DataFrame(log, columns=["model", "fold", "epoch", "train_loss", "val_loss", "val_macro_f1", "lr", "samples_per_s"]).to_csv(os.path.join(RUN, "training_log.csv"), index=False)

# Independent expectations for the C# analytics tests (pandas resample on month/year ends).
exp = []
for name in ["tft_long_short", "KOSPI"]:
    s = eq[eq.strategy == name].set_index(pd.to_datetime(eq[eq.strategy == name].date)).equity
    month_end = s.resample("M").last()
    prev = month_end.shift(1)
    prev.iloc[0] = s.iloc[0]
    for ts, v in (month_end / prev - 1).items():
        exp.append((name, "month", ts.year, ts.month, round(float(v), 12)))
    year_end = s.resample("A").last()
    prevy = year_end.shift(1)
    prevy.iloc[0] = s.iloc[0]
    for ts, v in (year_end / prevy - 1).items():
        exp.append((name, "year", ts.year, 0, round(float(v), 12)))
    r = s.pct_change().dropna()
    roll = r.rolling(126).mean() / r.rolling(126).std(ddof=1) * np.sqrt(252)
    exp.append((name, "rolling_sharpe_last", 0, 0, round(float(roll.iloc[-1]), 12)))
    exp.append((name, "rolling_sharpe_count", 0, 0, int(roll.notna().sum())))
    exp.append((name, "max_drawdown", 0, 0, round(float((s / s.cummax() - 1).min()), 12)))
pd.DataFrame(exp, columns=["series", "what", "year", "month", "value"]).to_csv(os.path.join(ROOT, "expected_analytics.csv"), index=False)
print("wrote", RUN)
