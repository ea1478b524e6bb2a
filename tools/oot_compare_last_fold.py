#!/usr/bin/python3
"""Walk-forward metrics of the last test year (the source fold of the out-of-time test) from a run folder, for
comparison with the `oot` section: accuracy, macro F1, mean daily rank IC per model (pandas, independent of the C#
evaluator). Usage: python3 tools/oot_compare_last_fold.py RUN [YEAR]"""
import sys
import numpy as np
import pandas as pd

run = sys.argv[1]
year = sys.argv[2] if len(sys.argv) > 2 else None
labels = pd.read_csv(f"{run}/labels.csv", dtype={"code": str})
year = year or labels["date"].str[:4].max()
labels = labels[labels["date"].str.startswith(year)]
parts = []
for chunk in pd.read_csv(f"{run}/predictions.csv", dtype={"code": str}, chunksize=1_000_000):
    parts.append(chunk[chunk["date"].str.startswith(year)])
pred = pd.concat(parts).merge(labels, on=["date", "code"])
pred["pred"] = pred[["p_down", "p_flat", "p_up"]].values.argmax(axis=1)
pred["score"] = pred["p_up"] - pred["p_down"]
print(f"year {year}: model,n,accuracy,macro_f1,rank_ic")
for model, g in pred.groupby("model"):
    f1 = []
    for k in range(3):
        tp = ((g.pred == k) & (g.label == k)).sum(); fp = ((g.pred == k) & (g.label != k)).sum(); fn = ((g.pred != k) & (g.label == k)).sum()
        f1.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    ics = []
    for _, d in g.groupby("date"):
        if len(d) >= 3 and d.score.nunique() > 1 and d.fwd_return.nunique() > 1:
            ics.append(d.score.rank().corr(d.fwd_return.rank()))
    print(f"{model},{len(g)},{(g.pred == g.label).mean():.4f},{np.mean(f1):.4f},{np.mean(ics):.4f}")
