#!/usr/bin/python3
"""Scan the marcap Jan-Feb snapshots for corporate-action days: rows where the raw close ratio
close/prev_close - 1 disagrees with the reported ChagesRatio/100 (KRX reports the change against the
base price adjusted for the split / capital change). Prints candidates and writes a small fixture with
the rows of a few chosen codes (whole window) plus the matching pykrx / FDR back-adjusted rows.

Usage: /usr/bin/python3 tools/scan_marcap_splits.py [KRX_DIR] [OUT_DIR] [CODES]
(the committed fixture: CODES = 000040,355150,336370,358570,355390,381620, the default; 000040's reverse split falls
between the windows, so it contributes no rows)
"""
import os
import sys

import numpy as np
import pandas as pd

krx = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "krx")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "panel")
os.makedirs(out, exist_ok=True)

m = pd.read_csv(os.path.join(krx, "marcap_janfeb_2021-2025.csv.gz"), dtype={"Code": str})
m["Date"] = pd.to_datetime(m["Date"])
m = m.sort_values(["Code", "Date"])
m["year"] = m["Date"].dt.year
m["prev_close"] = m.groupby(["Code", "year"])["Close"].shift(1)
m["raw_ret"] = m["Close"] / m["prev_close"] - 1
m["err"] = (m["raw_ret"] - m["ChagesRatio"] / 100).abs()
cand = m[(m["err"] > 0.05) & m["prev_close"].notna() & (m["Volume"] > 0)].copy()
cand["factor"] = (1 + cand["raw_ret"]) / (1 + cand["ChagesRatio"] / 100)
pd.set_option("display.width", 200)
print(f"{len(cand)} candidate corporate-action rows")
print(cand[["Date", "Code", "Name", "prev_close", "Close", "ChagesRatio", "raw_ret", "factor", "Stocks"]].to_string())

# Chosen cases: one reverse split in a year where pykrx/FDR also cover it, plus forward splits.
wanted = sys.argv[3].split(",") if len(sys.argv) > 3 else "000040,355150,336370,358570,355390,381620".split(",")
if wanted is None:
    # up to 6 codes with the largest |log factor|, preferring 2024/2025 (pykrx overlap) and KOSPI (FDR overlap)
    cand["abslog"] = (cand["factor"].apply(lambda f: abs(__import__("math").log(f))))
    wanted = list(dict.fromkeys(cand.sort_values("abslog", ascending=False)["Code"]))[:6]
rows = cand[cand["Code"].isin(wanted)]
years = set(zip(rows["Code"], rows["year"]))
sel = m[np.array([(c, y) in years for c, y in zip(m["Code"], m["year"])], dtype=bool)]
cols = ["Date", "Code", "Name", "Market", "Dept", "Open", "High", "Low", "Close", "ChagesRatio", "Volume", "Amount", "Marcap", "Stocks"]
sel = sel[cols].copy()
sel["Date"] = sel["Date"].dt.strftime("%Y-%m-%d")
sel.to_csv(os.path.join(out, "marcap_corporate_actions.csv"), index=False)
events = rows[["Date", "Code", "prev_close", "Close", "ChagesRatio", "factor"]].copy()
events["Date"] = events["Date"].dt.strftime("%Y-%m-%d")
events.to_csv(os.path.join(out, "marcap_corporate_action_events.csv"), index=False, float_format="%.8f")

# back-adjusted counterparts on the same codes and windows
for name, fname, basis in [("pykrx", "pykrx_ohlcv_2023-12_2025-06.csv.gz", "ChangePct"), ("fdr", "fdr_ohlcv_kospi_2020-01_2025-06.csv.gz", "Change")]:
    d = pd.read_csv(os.path.join(krx, fname), dtype={"Code": str})
    d = d[d["Code"].isin(wanted)]
    d["year"] = pd.to_datetime(d["Date"]).dt.year
    d = d[np.array([(c, y) in years for c, y in zip(d["Code"], d["year"])], dtype=bool)]
    d = d[d["Date"].isin(set(sel["Date"]))]
    d.drop(columns=["year"]).to_csv(os.path.join(out, f"{name}_corporate_actions.csv"), index=False)
    print(f"{name}: {len(d)} rows")
print("codes:", wanted)
