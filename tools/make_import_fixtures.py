#!/usr/bin/python3
"""Writes tests/fixtures/import/*: small slices of the real KRX files, hand-made bad files, and
expected.json with counts computed here independently (pandas) of the C# importer.

Run from the repository root:  /usr/bin/python3 tools/make_import_fixtures.py
"""
import gzip, io, json, os
import numpy as np
import pandas as pd

KRX = os.environ.get("KOSMO_KRX_DATA", "../shared/data/krx")
OUT = "tests/fixtures/import"
os.makedirs(OUT, exist_ok=True)
expected = {}

def gz(path, text):
    # mtime=0 so that the fixture bytes are reproducible
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
            g.write(text.encode("utf-8"))

def read_text(name):
    with gzip.open(os.path.join(KRX, name), "rt", encoding="utf-8") as f:
        return f.read()

# --- marcap: first 3 trading days of 2024 -------------------------------------------------
lines = []
with gzip.open(os.path.join(KRX, "marcap_janfeb_2021-2025.csv.gz"), "rt", encoding="utf-8") as f:
    header = f.readline()
    for line in f:
        if line.startswith(("2024-01-02", "2024-01-03", "2024-01-04")):
            lines.append(line)
        elif lines and line > "2024-01-05":
            break
gz(f"{OUT}/marcap_2024_head.csv.gz", header + "".join(lines))
m = pd.read_csv(io.StringIO(header + "".join(lines)), dtype={"Code": str, "Dept": str}, keep_default_na=False, na_values=[""])
m["Dept"] = m["Dept"].fillna("")
expected["marcap"] = {
    "rows": len(m),
    "codes": int(m.Code.nunique()),
    "halted": int(((m.Volume == 0) | (m.ChangeCode == 0)).sum()),
    "administrative": int(m.Dept.str.contains("관리종목").sum()),
    "caution": int(m.Dept.str.contains("투자주의환기").sum()),
    "upper_limit": int((m.ChangeCode == 4).sum()),
    "lower_limit": int((m.ChangeCode == 5).sum()),
    "null_open": int(((m.Open == 0)).sum()),
    "kosdaq_global": int(m[m.Market == "KOSDAQ GLOBAL"].Code.nunique()),
    "first_date": 20240102, "last_date": 20240104,
}
row = m[(m.Code == "005930") & (m.Date == "2024-01-03")].iloc[0]
expected["marcap_005930_20240103"] = {"close": float(row.Close), "volume": float(row.Volume), "marcap": float(row.Marcap),
                                      "shares": float(row.Stocks), "change_ratio_pct": float(row.ChagesRatio), "amount": float(row.Amount)}

# --- pykrx: the same 3 days ---------------------------------------------------------------
p = pd.read_csv(os.path.join(KRX, "pykrx_ohlcv_2023-12_2025-06.csv.gz"), dtype={"Code": str})
p3 = p[p.Date.isin(["2024-01-02", "2024-01-03", "2024-01-04"])].sort_values(["Code", "Date"])
gz(f"{OUT}/pykrx_2024_head.csv.gz", p3.to_csv(index=False, float_format=None))
j = p3.merge(m[["Code", "Date", "Close"]], on=["Code", "Date"], suffixes=("", "_m"))
expected["pykrx"] = {
    "rows": len(p3),
    "conflicts_vs_marcap": int((np.abs(j.Close - j.Close_m) > 0.005 * j.Close_m).sum()),
    "halted": int((p3.Volume == 0).sum()),
}

# --- yahoo: three codes, full history (close outside [low, high] in many rows) --------------
y = pd.read_csv(os.path.join(KRX, "yahoo_ohlcv_kosdaq_2000-2017.csv.gz"), dtype={"Code": str})
codes = sorted(y.Code.unique())[:3]
ys = y[y.Code.isin(codes)]
gz(f"{OUT}/yahoo_kosdaq_3codes.csv.gz", ys.to_csv(index=False))
o, h, l, c = (ys[k].where(ys[k] != 0) for k in ["Open", "High", "Low", "Close"])
both = h.notna() & l.notna()
bad = both & ((h < l) | (c.notna() & ((c > h) | (c < l))) | (o.notna() & ((o > h) | (o < l))))
expected["yahoo"] = {"rows": len(ys), "codes": codes, "ohl_nulled": int(bad.sum()), "halted": int((ys.Volume == 0).sum())}

# --- yahoo: the first code with a negative AdjClose (dividend back-adjustment artefact) -------
neg_code = sorted(y[y.AdjClose < 0].Code.unique())[0]
yn = y[y.Code == neg_code]
gz(f"{OUT}/yahoo_negative_adjclose.csv.gz", yn.to_csv(index=False))
expected["yahoo_negative"] = {"code": neg_code, "rows": len(yn), "negative_adj_close": int((yn.AdjClose < 0).sum())}

# --- FDR: two codes ---------------------------------------------------------------------
fd = pd.read_csv(os.path.join(KRX, "fdr_ohlcv_kospi_2020-01_2025-06.csv.gz"), dtype={"Code": str})
o, h, l, c = (fd[k].where(fd[k] != 0) for k in ["Open", "High", "Low", "Close"])
outside = h.notna() & l.notna() & ((c > h) | (c < l) | (o > h) | (o < l))
bad_codes = sorted(fd[outside].Code.unique())[:2]
fs = fd[fd.Code.isin(bad_codes)]
gz(f"{OUT}/fdr_2codes.csv.gz", fs.to_csv(index=False))
o, h, l, c = (fs[k].where(fs[k] != 0) for k in ["Open", "High", "Low", "Close"])
widened = h.notna() & l.notna() & ((c > h) | (c < l) | (o > h) | (o < l))
expected["fdr"] = {"rows": len(fs), "codes": bad_codes, "high_low_widened": int(widened.sum())}

# --- Korean per-stock header, CP949 and UTF-8 with BOM ------------------------------------
k = p[p.Code == "005930"].head(40)
kor = "날짜,시가,고가,저가,종가,거래량,등락률\n" + k[["Date", "Open", "High", "Low", "Close", "Volume", "ChangePct"]].to_csv(index=False, header=False)
with open(f"{OUT}/005930.csv", "wb") as f:
    f.write(kor.encode("cp949"))
with open(f"{OUT}/000660.csv", "wb") as f:
    k2 = p[p.Code == "000660"].head(25)
    f.write(b"\xef\xbb\xbf" + ("날짜,시가,고가,저가,종가,거래량,등락률\n" + k2[["Date", "Open", "High", "Low", "Close", "Volume", "ChangePct"]].to_csv(index=False, header=False)).encode("utf-8"))
expected["korean"] = {"rows_005930": len(k), "rows_000660": len(k2), "close_005930_first": float(k.Close.iloc[0]), "change_pct_005930_first": float(k.ChangePct.iloc[0])}

# --- index files: counts straight from the real data ---------------------------------------
for name in ["KOSDAQ", "VIX"]:
    ix = pd.read_csv(os.path.join(KRX, f"index_{name}.csv.gz"))
    expected[f"index_{name}"] = {"rows_with_close": int(ix.Close.notna().sum()), "rows_without_close": int(ix.Close.isna().sum())}

# --- bad files ------------------------------------------------------------------------------
H = "Code,Date,Open,High,Low,Close,Volume,Change\n"
good = ["000020,2024-01-02,100,110,90,105,1000,0.01\n", "000020,2024-01-03,105,112,101,110,1200,0.047\n"]
bad_files = {
    "bad_missing_column.csv": "Code,Date,Open,High,Low,Volume,Change\n000020,2024-01-02,100,110,90,1000,0.01\n",
    "bad_non_numeric.csv": H + good[0] + "000020,2024-01-03,105,abc,101,110,1200,0.047\n",
    "bad_negative_price.csv": H + good[0] + "000020,2024-01-03,105,112,101,-110,1200,0.047\n",
    "bad_high_below_low.csv": H + good[0] + "000020,2024-01-03,105,100,101,100,1200,0.047\n",
    "bad_duplicate_row.csv": H + good[0] + good[1] + good[1],
    "bad_unsorted_dates.csv": H + good[1] + good[0],
    "bad_truncated_line.csv": H + good[0] + "000020,2024-01-03,105,11",
    "bad_unknown_header.csv": "foo,bar,baz\n1,2,3\n",
}
for name, text in bad_files.items():
    with open(f"{OUT}/{name}", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
open(f"{OUT}/bad_empty.csv.gz", "wb").close()                       # zero bytes
gz(f"{OUT}/bad_empty_gzip.csv.gz", "")                                  # valid gzip, no content
full = open(f"{OUT}/pykrx_2024_head.csv.gz", "rb").read()
open(f"{OUT}/bad_truncated.csv.gz", "wb").write(full[: len(full) // 2])  # cut in the middle
with open(f"{OUT}/bad_encoding.csv", "wb") as f:                       # invalid in UTF-8 and in CP949
    f.write(H.encode() + b"000020,2024-01-02,100,110,90,105,1000,0.01\n" + b"\xff\xfe\xff\xfe,\x80\x80\n")
# good small file used by the idempotency tests
with open(f"{OUT}/good_small.csv", "w", encoding="utf-8", newline="\n") as f:
    f.write(H + "".join(good))

with open(f"{OUT}/expected.json", "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1, default=int)
print(json.dumps(expected, ensure_ascii=False, default=int)[:2000])
