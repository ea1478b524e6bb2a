#!/usr/bin/python3
"""Independent reference for Kosmo's evaluation metrics (numpy only; no sklearn).

Writes a realistic fixture and the expected metrics into tests/fixtures/evaluation/:
  predictions.csv   date,code,model,p_down,p_flat,p_up   (3 models, ~3000 rows each, ~100 dates)
  labels.csv        date,code,label,fwd_return           (imbalanced classes, tied returns)
  expected.json     every metric, computed here from the formulas in docs/notes/evaluation.md

Run from the repository root:  /usr/bin/python3 tools/eval_reference.py
The C# test EvaluatorReferenceTests compares Kosmo.Models.Evaluation against expected.json.
"""
import json
import math
import os

import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "evaluation")
SEED = 7
BLOCK = 20
REPLICATES = 500
BINS = 10
EPS = 1e-15
MASK = (1 << 64) - 1


class SplitMix64:
    """Same generator as Kosmo.Models.Evaluation.SplitMix64."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def make_fixture():
    rng = np.random.default_rng(2024)
    dates = pd.bdate_range("2023-01-02", periods=104)
    codes = [f"{c:06d}" for c in rng.choice(999999, size=45, replace=False)]
    rows = []
    for d in dates:
        # a varying cross-section: 25..40 codes each day
        n = int(rng.integers(25, 41))
        day_codes = sorted(rng.choice(codes, size=n, replace=False))
        market = rng.normal(0, 0.01)
        for c in day_codes:
            signal = rng.normal()
            ret = market + 0.01 * signal + rng.normal(0, 0.03)
            ret = round(ret, 3)  # ties in forward returns
            label = 0 if ret < -0.02 else (2 if ret > 0.025 else 1)
            rows.append((d.date().isoformat(), c, label, ret, signal))
    labels = pd.DataFrame(rows, columns=["date", "code", "label", "fwd_return", "signal"])
    preds = []
    for model, strength, drop in (("tft", 1.0, 0.03), ("logit", 0.6, 0.0), ("momentum", 0.2, 0.05)):
        for r in labels.itertuples():
            if rng.random() < drop:
                continue  # each model misses some rows: comparisons use the common rows
            s = strength * r.signal + rng.normal(0, 1.0)
            z = np.array([-0.8 * s, 0.4, 0.8 * s + 0.1])
            p = np.exp(z - z.max())
            p /= p.sum()
            p = np.round(p, 2)  # ties in scores and probabilities
            p[1] = round(1.0 - p[0] - p[2], 2)
            if p[1] < 0:
                p[1] = 0.0
            preds.append((r.date, r.code, model, p[0], p[1], p[2]))
    preds = pd.DataFrame(preds, columns=["date", "code", "model", "p_down", "p_flat", "p_up"])
    # two predictions without a label (must be ignored and counted)
    preds.loc[len(preds)] = ("2023-06-30", "999999", "tft", 0.2, 0.5, 0.3)
    labels = labels.drop(columns="signal")
    labels.to_csv(os.path.join(OUT, "labels.csv"), index=False, float_format="%.3f")
    preds.to_csv(os.path.join(OUT, "predictions.csv"), index=False, float_format="%.2f")


def load():
    p = pd.read_csv(os.path.join(OUT, "predictions.csv"), dtype={"code": str, "date": str})
    lab = pd.read_csv(os.path.join(OUT, "labels.csv"), dtype={"code": str, "date": str})
    for c in ("p_down", "p_flat", "p_up"):
        p[c] = p[c].astype(np.float32).astype(np.float64)  # C# reads probabilities as float32
    return p, lab


def avg_ranks(x):
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    ranks = np.empty(len(x))
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def pearson(x, y):
    if len(x) < 3:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    sxx, syy = (dx * dx).sum(), (dy * dy).sum()
    if sxx <= 0 or syy <= 0:
        return None
    return float((dx * dy).sum() / math.sqrt(sxx * syy))


def per_date(df):
    """Sufficient statistics per date, in date order."""
    out = []
    for d, g in df.groupby("date", sort=True):
        P = g[["p_down", "p_flat", "p_up"]].to_numpy()
        y = g["label"].to_numpy()
        Pn = P / P.sum(1, keepdims=True)
        pred = P.argmax(1)
        conf = np.zeros((3, 3))
        np.add.at(conf, (y, pred), 1)
        ll = -np.log(np.maximum(Pn[np.arange(len(y)), y], EPS)).sum()
        score = P[:, 2] - P[:, 0]
        r = g["fwd_return"].to_numpy()
        out.append(dict(date=d, conf=conf, ll=ll, n=len(y), ic=pearson(score, r),
                        ric=pearson(avg_ranks(score), avg_ranks(r))))
    return out


def scores_from_conf(conf):
    tp = np.diag(conf)
    f1 = np.array([2 * tp[k] / (2 * tp[k] + conf[:, k].sum() - tp[k] + conf[k, :].sum() - tp[k])
                   if (2 * tp[k] + conf[:, k].sum() - tp[k] + conf[k, :].sum() - tp[k]) > 0 else 0.0 for k in range(3)])
    return f1.mean(), tp.sum() / conf.sum()


def mean_valid(vals):
    v = [x for x in vals if x is not None]
    return float(np.mean(v)) if v else None


def resamples(n_dates):
    rng = SplitMix64(SEED)
    out = []
    for _ in range(REPLICATES):
        idx = []
        while len(idx) < n_dates:
            s = rng.next() % n_dates
            for i in range(min(BLOCK, n_dates)):
                if len(idx) == n_dates:
                    break
                idx.append((s + i) % n_dates)
        out.append(idx)
    return out


def stat_set(stats, idx):
    conf = sum(stats[i]["conf"] for i in idx)
    f1, acc = scores_from_conf(conf)
    ll = sum(stats[i]["ll"] for i in idx) / sum(stats[i]["n"] for i in idx)
    ric = mean_valid([stats[i]["ric"] for i in idx])
    return dict(macro_f1=f1, accuracy=acc, log_loss=ll, rank_ic=ric)


def quantile(v, q):
    return float(np.quantile(np.array(v, dtype=float), q))  # linear interpolation


def ci(v):
    v = [x for x in v if x is not None]
    return [quantile(v, 0.025), quantile(v, 0.975)]


def calibration(p, hit):
    out = []
    b = np.minimum((p * BINS).astype(int), BINS - 1)
    for k in range(BINS):
        m = b == k
        out.append(dict(count=int(m.sum()), mean_predicted=float(p[m].mean()) if m.any() else None,
                        observed=float(hit[m].mean()) if m.any() else None))
    return out


def ece(bins):
    n = sum(b["count"] for b in bins)
    return float(sum(b["count"] / n * abs(b["observed"] - b["mean_predicted"]) for b in bins if b["count"] > 0))


def model_metrics(df):
    P = df[["p_down", "p_flat", "p_up"]].to_numpy()
    y = df["label"].to_numpy()
    n = len(y)
    Pn = P / P.sum(1, keepdims=True)
    pred = P.argmax(1)
    conf = np.zeros((3, 3), dtype=int)
    np.add.at(conf, (y, pred), 1)
    tp = np.diag(conf)
    prec = [tp[k] / conf[:, k].sum() if conf[:, k].sum() > 0 else 0.0 for k in range(3)]
    rec = [tp[k] / conf[k, :].sum() if conf[k, :].sum() > 0 else 0.0 for k in range(3)]
    f1 = [2 * prec[k] * rec[k] / (prec[k] + rec[k]) if prec[k] + rec[k] > 0 else 0.0 for k in range(3)]
    present = [k for k in range(3) if conf[k, :].sum() > 0]
    onehot = np.eye(3)[y]
    stats = per_date(df)
    ics = [s["ic"] for s in stats if s["ic"] is not None]
    rics = [s["ric"] for s in stats if s["ric"] is not None]
    boots = [stat_set(stats, idx) for idx in resamples(len(stats))]
    return dict(
        n_test=n, n_dates=len(stats),
        accuracy=float((pred == y).mean()),
        balanced_accuracy=float(np.mean([rec[k] for k in present])),
        macro_f1=float(np.mean(f1)),
        precision=[float(x) for x in prec], recall=[float(x) for x in rec], f1=[float(x) for x in f1],
        confusion=conf.tolist(),
        log_loss=float(-np.log(np.maximum(Pn[np.arange(n), y], EPS)).mean()),
        brier=float(((Pn - onehot) ** 2).sum(1).mean()),
        ic=float(np.mean(ics)), rank_ic=float(np.mean(rics)),
        icir=float(np.mean(ics) / np.std(ics, ddof=1)), n_ic_dates=len(ics),
        daily_ic=[s["ic"] for s in stats], daily_rank_ic=[s["ric"] for s in stats],
        macro_f1_ci=ci([b["macro_f1"] for b in boots]), accuracy_ci=ci([b["accuracy"] for b in boots]),
        log_loss_ci=ci([b["log_loss"] for b in boots]), rank_ic_ci=ci([b["rank_ic"] for b in boots]),
        calibration_up=calibration(Pn[:, 2], (y == 2).astype(float)),
        calibration_predicted=calibration(Pn.max(1), (pred == y).astype(float)),
        ece_up=ece(calibration(Pn[:, 2], (y == 2).astype(float))),
        ece_predicted=ece(calibration(Pn.max(1), (pred == y).astype(float))),
    )


def compare(a, b):
    key = ["date", "code"]
    common = a[key].merge(b[key], on=key)
    a = a.merge(common, on=key).sort_values(key)
    b = b.merge(common, on=key).sort_values(key)
    sa, sb = per_date(a), per_date(b)
    full = list(range(len(sa)))
    out = dict(n_common=len(common), n_dates=len(sa))
    ra, rb = stat_set(sa, full), stat_set(sb, full)
    idxs = resamples(len(sa))
    for name in ("macro_f1", "log_loss", "rank_ic"):
        d = ra[name] - rb[name]
        ds = []
        for idx in idxs:
            x, y = stat_set(sa, idx)[name], stat_set(sb, idx)[name]
            ds.append(x - y)
        below, above = sum(1 for v in ds if v <= 0), sum(1 for v in ds if v >= 0)
        out[name + "_diff"] = d
        out[name + "_diff_ci"] = ci(ds)
        out[name + "_p"] = min(1.0, 2.0 * (1 + min(below, above)) / (REPLICATES + 1))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    make_fixture()
    p, lab = load()
    joined = p.merge(lab, on=["date", "code"], how="inner").sort_values(["model", "date", "code"])
    expected = dict(seed=SEED, block_length=BLOCK, replicates=REPLICATES, bins=BINS, models={}, comparisons={})
    for m, g in joined.groupby("model", sort=True):
        expected["models"][m] = model_metrics(g.reset_index(drop=True))
        expected["models"][m]["n_unlabelled"] = int((p["model"] == m).sum() - len(g))
    for base in ("logit", "momentum"):
        expected["comparisons"][base] = compare(joined[joined.model == "tft"], joined[joined.model == base])
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print("rows", len(p), "labels", len(lab), {m: v["macro_f1"] for m, v in expected["models"].items()})


if __name__ == "__main__":
    main()
