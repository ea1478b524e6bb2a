#!/usr/bin/python3
"""Writes the real-data universe fixture and its independently computed expected counts.

tests/fixtures/universe/marcap_2024.csv.gz: every marcap row of the 2024 Jan-Feb window (29 trading days, all codes,
KOSPI + KOSDAQ + KONEX), columns Date, Code, Name, Market, Dept, Close, Volume, Amount, Marcap.
tests/fixtures/universe/expected_counts.csv: for the last 10 dates, the number of codes per first exclusion reason, computed
here in pandas from the rules documented in src/Kosmo.Data/Universe/UniverseBuilder.cs with MinHistoryDays = 20 (the
window holds only 29 days) and every other rule at its default.
tests/fixtures/universe/expected_members_2024-02-13.csv: the member codes on the last date.

Usage: /usr/bin/python3 tools/make_universe_fixture.py [KRX_DIR]
"""
import math
import os
import re
import sys

import numpy as np
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
krx = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "krx")
out = os.path.join(here, "..", "tests", "fixtures", "universe")
os.makedirs(out, exist_ok=True)

m = pd.read_csv(os.path.join(krx, "marcap_janfeb_2021-2025.csv.gz"), dtype={"Code": str, "Dept": str}, keep_default_na=False)
m = m[(m["Date"] >= "2024-01-01") & (m["Date"] <= "2024-12-31")].copy()
cols = ["Date", "Code", "Name", "Market", "Dept", "Close", "Volume", "Amount", "Marcap"]  # what the universe reads
m[cols].to_csv(os.path.join(out, "marcap_2024.csv.gz"), index=False, compression={"method": "gzip", "mtime": 0})
print(f"fixture rows: {len(m)}, dates: {m['Date'].nunique()}, codes: {m['Code'].nunique()}")

# ---- the rules, independently of the C# code ----
MIN_HISTORY, LIQ_WINDOW, LIQ_MIN_OBS, MIN_VALUE, MIN_PRICE, MIN_CAP, FRACTION = 20, 20, 10, 500_000_000, 1_000, 30_000_000_000, 0.5
FUNDS = ["KODEX", "TIGER", "KBSTAR", "ARIRANG", "HANARO", "KOSEF", "KINDEX", "TIMEFOLIO", "ETN", "ETF",
         "인프라투융자", "맥쿼리인프라", "선박투자", "부동산투자", "코크렙"]
FUND_SUFFIXES = ["리츠", "REIT", "REITs"]
REASONS = ["None", "NotListed", "Market", "Spac", "Preferred", "Fund", "Flagged", "Halted", "ShortHistory", "Illiquid",
           "LowPrice", "SizeUnknown", "BelowMinMarketCap", "AboveSmallCapBand"]

dates = sorted(m["Date"].unique())          # every date has trades, so the calendar is all of them
codes = sorted(m["Code"].unique())
T, N = len(dates), len(codes)
last = m.groupby("Code").tail(1).set_index("Code")  # the importer keeps the latest name / market / dept

def static_reason(code):
    r = last.loc[code]
    market = "KOSDAQ" if r["Market"].startswith("KOSDAQ") else r["Market"]
    if market not in ("KOSPI", "KOSDAQ"):
        return "Market"
    if "스팩" in r["Name"] or "SPAC" in r["Dept"].upper():
        return "Spac"
    if code[5] != "0" or re.search(r"(우[BC]|\(전환\)|[0-9]우)$", r["Name"]):
        return "Preferred"
    if any(p.lower() in r["Name"].lower() for p in FUNDS) or any(r["Name"].lower().endswith(x.lower()) for x in FUND_SUFFIXES):
        return "Fund"
    return "None"

def grid(col, dtype=np.float32):
    g = m.pivot(index="Code", columns="Date", values=col).reindex(index=codes, columns=dates)
    return g.to_numpy(dtype=dtype)

close, volume, amount, cap = grid("Close"), grid("Volume"), grid("Amount"), grid("Marcap")
dept = m.pivot(index="Code", columns="Date", values="Dept").reindex(index=codes, columns=dates).to_numpy(dtype=object)
present = ~np.isnan(close)
reasons = np.empty((N, T), dtype=object)
for i, code in enumerate(codes):
    sr = static_reason(code)
    first = np.argmax(present[i]) if present[i].any() else -1
    for t in range(T):
        if not present[i, t]:
            reasons[i, t] = "NotListed"; continue
        d = dept[i, t] or ""
        window = amount[i, max(0, t - LIQ_WINDOW + 1): t + 1].astype(np.float64)
        window = window[~np.isnan(window)]
        liq = window.mean() if len(window) >= LIQ_MIN_OBS else math.nan
        if sr != "None": reasons[i, t] = sr
        elif "관리종목" in d or "투자주의환기" in d: reasons[i, t] = "Flagged"
        elif not (volume[i, t] > 0 and close[i, t] > 0): reasons[i, t] = "Halted"
        elif t - first + 1 < MIN_HISTORY: reasons[i, t] = "ShortHistory"
        elif not (liq >= MIN_VALUE): reasons[i, t] = "Illiquid"
        elif not (close[i, t] >= MIN_PRICE): reasons[i, t] = "LowPrice"
        else: reasons[i, t] = "None"
    # size rules below, per date

rows = []
for t in range(T):
    cand = [i for i in range(N) if reasons[i, t] == "None"]
    eligible = []
    for i in cand:
        c = float(cap[i, t])
        if math.isnan(c): reasons[i, t] = "SizeUnknown"
        elif c < MIN_CAP: reasons[i, t] = "BelowMinMarketCap"
        else: eligible.append(i)
    eligible.sort(key=lambda i: (float(cap[i, t]), i))
    keep = math.ceil(FRACTION * len(eligible) - 1e-9)
    for i in eligible[keep:]:
        reasons[i, t] = "AboveSmallCapBand"
    if t >= T - 10:
        counts = pd.Series(reasons[:, t]).value_counts()
        for r in REASONS:
            rows.append((dates[t], r, int(counts.get(r, 0))))

pd.DataFrame(rows, columns=["date", "reason", "count"]).to_csv(os.path.join(out, "expected_counts.csv"), index=False)
members = [codes[i] for i in range(N) if reasons[i, T - 1] == "None"]
pd.DataFrame({"code": members}).to_csv(os.path.join(out, f"expected_members_{dates[-1]}.csv"), index=False)
print(pd.DataFrame(rows, columns=["date", "reason", "count"]).pivot(index="date", columns="reason", values="count").to_string())
